import { describe, expect, it } from "vitest";
import { parseGift } from "../../worker/features/bank/formats/gift";
import type { ParsedQuestion, QuestionDraft } from "../../worker/features/bank/question";

type Extra = { explanation?: string; tags?: string[] };
const defaults = { explanation: "", source: "", tags: [], difficulty: 3 };

function single(stem: string, options: string[], answer: number, extra: Extra = {}): QuestionDraft {
  return { type: "single", ...defaults, stem, options, answer, ...extra };
}
function multiple(stem: string, options: string[], answer: number[], extra: Extra = {}): QuestionDraft {
  return { type: "multiple", ...defaults, stem, options, answer, partialCredit: true, ...extra };
}
function judge(stem: string, answer: boolean, extra: Extra = {}): QuestionDraft {
  return { type: "judge", ...defaults, stem, answer, ...extra };
}
function fill(stem: string, answer: string[][], extra: Extra = {}): QuestionDraft {
  return { type: "fill", ...defaults, stem, answer, ...extra };
}
function ok(line: number, draft: QuestionDraft, warnings: string[] = []): ParsedQuestion {
  return { line, draft, warnings };
}
function error(line: number, message: string, excerpt: string): ParsedQuestion {
  return { line, error: message, excerpt };
}

describe("parseGift: Moodle's documented question types", () => {
  it("reads multiple choice with the right answer marked =", () => {
    expect(parseGift("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")).toEqual([
      ok(1, single("Who's buried in Grant's tomb?", ["Grant", "Jefferson", "no one"], 2)),
    ]);
  });

  it("puts the blank where a missing-word answer block stands", () => {
    expect(parseGift("Grant is {~buried =entombed ~living} in Grant's tomb.")).toEqual([
      ok(1, single("Grant is （ ） in Grant's tomb.", ["buried", "entombed", "living"], 1)),
    ]);
  });

  it("reads true/false in all four spellings", () => {
    const text = [
      "Grant is buried in Grant's tomb.{F}",
      "",
      "一加一等于二。{T}",
      "",
      "The sun rises in the west.{FALSE}",
      "",
      "水是液体。{TRUE}",
    ];
    expect(parseGift(text.join("\n"))).toEqual([
      ok(1, judge("Grant is buried in Grant's tomb.", false)),
      ok(3, judge("一加一等于二。", true)),
      ok(5, judge("The sun rises in the west.", false)),
      ok(7, judge("水是液体。", true)),
    ]);
  });

  it("takes lower-case and Chinese true/false, which authors type meaning the same", () => {
    expect(parseGift("地球是圆的。{true}\n\n太阳从西边升起。{错}")).toEqual([
      ok(1, judge("地球是圆的。", true)),
      ok(3, judge("太阳从西边升起。", false)),
    ]);
  });

  it("reads a short answer as a fill-in with one blank appended, every = answer accepted", () => {
    expect(parseGift("Who's buried in Grant's tomb?{=no one =nobody}")).toEqual([
      ok(1, fill("Who's buried in Grant's tomb?（ ）", [["no one", "nobody"]])),
    ]);
  });

  it("puts the blank of a missing-word short answer where the answers stand", () => {
    expect(parseGift("中国共产党第一次全国代表大会于{=1921 =一九二一}年召开。")).toEqual([
      ok(1, fill("中国共产党第一次全国代表大会于（ ）年召开。", [["1921", "一九二一"]])),
    ]);
  });

  it("keeps a blank the author already wrote instead of adding a second one", () => {
    expect(parseGift("中共一大于（ ）年召开。{=1921}")).toEqual([ok(1, fill("中共一大于（ ）年召开。", [["1921"]]))]);
  });

  it("takes an answer written without = as Moodle does", () => {
    expect(parseGift("首都是？{北京}")).toEqual([ok(1, fill("首都是？（ ）", [["北京"]]))]);
  });
});

describe("parseGift: weights", () => {
  it("reads equal positive weights as a many-answer question with partial credit", () => {
    const text = "What two people are entombed in Grant's tomb? {~%-100%No one ~%50%Grant ~%50%Grant's wife ~%-100%Grant's father}";
    expect(parseGift(text)).toEqual([
      ok(1, multiple("What two people are entombed in Grant's tomb?", ["No one", "Grant", "Grant's wife", "Grant's father"], [1, 2])),
    ]);
  });

  it("accepts thirds however they are rounded", () => {
    expect(parseGift("选出三项。{~%33.33333%甲 ~%33.33333%乙 ~%33.33333%丙 ~%-100%丁}\n\n再选三项。{~%33%甲 ~%33%乙 ~%34%丙 ~丁}")).toEqual(
      [
        ok(1, multiple("选出三项。", ["甲", "乙", "丙", "丁"], [0, 1, 2])),
        ok(3, multiple("再选三项。", ["甲", "乙", "丙", "丁"], [0, 1, 2])),
      ],
    );
  });

  it("refuses unequal positive weights, naming each", () => {
    const text = "选出正确的两项。{~%70%甲 ~%30%乙 ~丙}";
    expect(parseGift(text)).toEqual([error(1, "选项权重不等（A 70%、B 30%），本平台按等分计分，请改为等分后再导入", text)]);
  });

  it("refuses equal weights that do not add up to 100%", () => {
    const text = "选出正确的三项。{~%50%甲 ~%50%乙 ~%50%丙 ~丁}";
    expect(parseGift(text)).toEqual([error(1, "正确选项的权重之和为 150%，应为 100%", text)]);
  });

  it("reads a lone ~%100% answer as a one-answer question", () => {
    expect(parseGift("哪一项正确？{~%100%甲 ~%-50%乙 ~%0%丙}")).toEqual([ok(1, single("哪一项正确？", ["甲", "乙", "丙"], 0))]);
  });

  it("keeps the right answer and warns when a one-answer question gives partial credit", () => {
    expect(parseGift("哪一项最准确？{=甲 ~%50%乙 ~%-25%丙 ~丁}")).toEqual([
      ok(1, single("哪一项最准确？", ["甲", "乙", "丙", "丁"], 0), ["选项 B（50%）的部分得分未导入，按错误选项计分"]),
    ]);
  });

  it("refuses two = answers, since a one-answer question has one right choice", () => {
    const text = "哪些正确？{=甲 =乙 ~丙}";
    expect(parseGift(text)).toEqual([
      error(1, "选项 A、B 都标为正确（=），单选题只能有一个正确答案；若是多选题，请用 ~%50% 这样的等分权重标出各正确选项", text),
    ]);
  });

  it("refuses choices with no right answer", () => {
    const text = "哪一项正确？{~甲 ~乙}";
    expect(parseGift(text)).toEqual([error(1, "没有正确答案：请用“=”标出正确选项，多选题用 ~%50% 这样的权重标出各正确选项", text)]);
  });

  it("accepts only the full-credit short answers and says which were dropped", () => {
    expect(parseGift("Two plus two equals {=four =%100%4 =%50%quattro =%0%*}.")).toEqual([
      ok(1, fill("Two plus two equals （ ）.", [["four", "4"]]), ["部分得分的答案“quattro”（50%）、“*”（0%）未导入，本平台只接受满分答案"]),
    ]);
  });

  it("refuses a short answer with no full-credit answer", () => {
    const text = "答案是？{=%50%甲}";
    expect(parseGift(text)).toEqual([error(1, "没有满分答案：填空题请用“=”写出完全正确的答案", text)]);
  });

  it("refuses an empty short answer", () => {
    expect(parseGift("答案是？{= =乙}")).toEqual([error(1, "答案不能为空：“=”后面要写出答案", "答案是？{= =乙}")]);
  });
});

describe("parseGift: feedback", () => {
  it("makes general feedback and the right answer's feedback the explanation, warning about the rest", () => {
    const text = "中共一大在哪里召开？{=上海#会议后转至嘉兴南湖 ~北京#不对 ~广州####1921年7月召开。}";
    expect(parseGift(text)).toEqual([
      ok(1, single("中共一大在哪里召开？", ["上海", "北京", "广州"], 0, { explanation: "1921年7月召开。\n会议后转至嘉兴南湖" }), [
        "选项 B 的反馈未导入（本平台只把正确答案的反馈并入解析）",
      ]),
    ]);
  });

  it("labels each right answer's feedback in a many-answer question", () => {
    expect(parseGift("哪两项正确？{~%50%甲#甲对 ~%50%乙#乙对 ~%-100%丙}")).toEqual([
      ok(1, multiple("哪两项正确？", ["甲", "乙", "丙"], [0, 1], { explanation: "A：甲对\nB：乙对" })),
    ]);
  });

  it("keeps a true/false question's feedback for the right answer and warns about the wrong one", () => {
    expect(parseGift("太阳从东边升起。{TRUE#再想想#没错####这是常识。}")).toEqual([
      ok(1, judge("太阳从东边升起。", true, { explanation: "这是常识。\n没错" }), [
        "答错时的反馈“再想想”未导入（本平台只把答对时的反馈并入解析）",
      ]),
    ]);
  });

  it("keeps a true/false question's right-answer feedback alone without a warning", () => {
    expect(parseGift("太阳从东边升起。{T##没错}")).toEqual([ok(1, judge("太阳从东边升起。", true, { explanation: "没错" }))]);
  });

  it("takes the feedback of accepted short answers", () => {
    expect(parseGift("首都是？{=北京#正确 =北京市}")).toEqual([
      ok(1, fill("首都是？（ ）", [["北京", "北京市"]], { explanation: "正确" })),
    ]);
  });
});

describe("parseGift: text", () => {
  it("undoes every escape and never reads an escaped special as structure", () => {
    const text = "Which is the escape for \\{ \\}\\: \\~ \\= \\#?\\nPick one. {=a \\\\ b ~c \\~ d ~e \\= f #why \\# not}";
    expect(parseGift(text)).toEqual([
      ok(1, single("Which is the escape for { }: ~ = #?\nPick one.", ["a \\ b", "c ~ d", "e = f"], 0), [
        "选项 C 的反馈未导入（本平台只把正确答案的反馈并入解析）",
      ]),
    ]);
  });

  it("reads \\\\n as a backslash and an n, not a line break", () => {
    expect(parseGift("路径是 C:\\\\new 吗？{T}")).toEqual([ok(1, judge("路径是 C:\\new 吗？", true))]);
  });

  it("ignores // comment lines between and inside questions", () => {
    const text = ["// 第一部分", "// question: 1  name: q1", "一加一等于几？{", "// 正确答案", "=二", "~三", "}", "", "// 结束"];
    expect(parseGift(text.join("\n"))).toEqual([ok(3, single("一加一等于几？", ["二", "三"], 0))]);
  });

  it("reads questions and answers over several lines", () => {
    const text = ["下列哪一项", "是中共一大的召开地点？", "{", "  =上海", "  ~北京", "  ~广州", "}", "", "第二题{T}"];
    expect(parseGift(text.join("\n"))).toEqual([
      ok(1, single("下列哪一项\n是中共一大的召开地点？", ["上海", "北京", "广州"], 0)),
      ok(9, judge("第二题", true)),
    ]);
  });

  it("drops ::titles::, which are metadata", () => {
    expect(parseGift("::Q1 一大::中共一大于哪年召开？{=1921年 ~1919年}\n\n::判断\\:一::水是液体。{T}")).toEqual([
      ok(1, single("中共一大于哪年召开？", ["1921年", "1919年"], 0)),
      ok(3, judge("水是液体。", true)),
    ]);
  });

  it("keeps the text of a title that was never closed, with a warning", () => {
    expect(parseGift("::Q1 水是液体。{T}")).toEqual([ok(1, judge("Q1 水是液体。", true), ["标题缺少结尾的“::”，已当作题干的一部分"])]);
  });

  it("strips [moodle] [markdown] [plain] prefixes without a warning", () => {
    expect(parseGift("[markdown]**粗体**题干{T}\n\n[plain]纯文本{=[moodle]甲 ~乙}\n\n::t::[moodle]题干{F}")).toEqual([
      ok(1, judge("**粗体**题干", true)),
      ok(3, single("纯文本", ["甲", "乙"], 0)),
      ok(5, judge("题干", false)),
    ]);
  });

  it("flattens [html] text, answers included, and warns that formatting is lost", () => {
    const text =
      "::Q::[html]<p>中共一大于<strong>哪年</strong>召开？</p><p>请选择&nbsp;&lt;一项&gt;</p>{=<b>1921</b>年 ~1919&\\#24180; ~[plain]<i>1949</i>####<p>见&quot;党史&quot;</p>}";
    expect(parseGift(text)).toEqual([
      ok(1, single("中共一大于哪年召开？\n请选择 <一项>", ["1921年", "1919年", "<i>1949</i>"], 0, { explanation: '见"党史"' }), [
        "HTML 格式已转为纯文本，图片、表格、加粗等格式不会保留",
      ]),
    ]);
  });

  it("does not warn about [html] text that has no tags", () => {
    expect(parseGift("[html]水 &amp; 冰是同一物质。{T}")).toEqual([ok(1, judge("水 & 冰是同一物质。", true))]);
  });
});

describe("parseGift: categories", () => {
  it("makes each path segment a tag, trimmed and once, for the questions that follow", () => {
    const text = ["题一{T}", "", "$CATEGORY: 党史 / 一大 /党史", "", "题二{T}", "", "题三{F}", "", "$CATEGORY: 理论/", "", "题四{T}"];
    expect(parseGift(text.join("\n"))).toEqual([
      ok(1, judge("题一", true)),
      ok(5, judge("题二", true, { tags: ["党史", "一大"] })),
      ok(7, judge("题三", false, { tags: ["党史", "一大"] })),
      ok(11, judge("题四", true, { tags: ["理论"] })),
    ]);
  });

  it("drops the context and top category of Moodle exports, and reads // as a slash in a name", () => {
    const text = [
      "// question: 0  name: Switch category to $course$/top/Default for 党课/组织//纪律",
      "$CATEGORY: $course$/top/Default for 党课/组织//纪律",
      "",
      "题{T}",
    ];
    expect(parseGift(text.join("\n"))).toEqual([ok(4, judge("题", true, { tags: ["Default for 党课", "组织/纪律"] }))]);
  });

  it("clears the tags after an empty category", () => {
    expect(parseGift("$CATEGORY: 党史\n\n题一{T}\n\n$CATEGORY:\n\n题二{T}")).toEqual([
      ok(3, judge("题一", true, { tags: ["党史"] })),
      ok(7, judge("题二", true)),
    ]);
  });

  it("accepts a category with no blank line after it", () => {
    expect(parseGift("$CATEGORY: 党史\n题一{T}")).toEqual([ok(2, judge("题一", true, { tags: ["党史"] }))]);
  });

  it("warns about a segment too long to be a tag and keeps the others", () => {
    const long = "这是一个非常非常非常非常非常非常非常非常长的分类名称超过了三十二个字";
    expect(parseGift(`$CATEGORY: 党史/${long}\n\n题{T}`)).toEqual([
      ok(3, judge("题", true, { tags: ["党史"] }), [`分类“${long.slice(0, 20)}…”超过 32 字，未作为标签导入`]),
    ]);
  });
});

describe("parseGift: what the platform cannot hold", () => {
  it.each([
    [
      "matching",
      "Match the countries and capitals. {=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo}",
      "本平台不支持匹配题（=…->…）；请拆成几道单选题",
    ],
    ["numerical", "When was Ulysses S. Grant born?{#1822:5}", "本平台不支持数值题（{#…}）；可改为填空题，如 {=1921}"],
    ["numerical range", "What is pi to 2 places?{#3.14..3.15}", "本平台不支持数值题（{#…}）；可改为填空题，如 {=1921}"],
    ["essay", "谈谈你对党史学习的体会。{}", "本平台不支持问答题（{} 中没有答案）；请改为选择、判断或填空题"],
    ["essay with general feedback", "谈谈体会。{####言之有理即可}", "本平台不支持问答题（{} 中没有答案）；请改为选择、判断或填空题"],
    ["description", "以下题目考查党史知识。", "没有找到答案 {…}：本平台不支持描述题；如果这是一道题，请在题干后用 {…} 写出答案"],
  ])("refuses %s with a reason", (_, text, message) => {
    expect(parseGift(text)).toEqual([error(1, message, text)]);
  });

  it.each([
    ["an unclosed block", "题干{=甲 ~乙", "答案缺少结尾的“}”；题干或选项中的 { } 请写成 \\{ \\}"],
    ["a block never opened", "题干=甲 ~乙}", "缺少“{”：答案要写在 {…} 里；题干或选项中的 { } 请写成 \\{ \\}"],
    ["a block closed before it opens", "题干}{=甲 ~乙", "“}”出现在“{”之前；题干或选项中的 { } 请写成 \\{ \\}"],
    ["two answer blocks", "{=甲 ~乙}和{=丙 ~丁}", "一道题只能有一个答案块 {…}；题干或选项中的 { } 请写成 \\{ \\}"],
    ["text before the first option", "题干{甲 =乙 ~丙}", "“甲”前缺少“=”或“~”：每个选项都要以 = （正确）或 ~ （错误）开头"],
  ])("refuses %s", (_, text, message) => {
    expect(parseGift(text)).toEqual([error(1, message, text)]);
  });

  it("refuses more than 8 options", () => {
    const text = "选一项{=1 ~2 ~3 ~4 ~5 ~6 ~7 ~8 ~9}";
    expect(parseGift(text)).toEqual([error(1, "有 9 个选项，最多 8 个", text)]);
  });

  it("takes exactly 8 options", () => {
    expect(parseGift("选一项{~1 ~2 ~3 ~4 ~5 ~6 ~7 =8}")).toEqual([ok(1, single("选一项", ["1", "2", "3", "4", "5", "6", "7", "8"], 7))]);
  });

  it("passes on the model's own objections, such as duplicate options", () => {
    expect(parseGift("选一项{=甲 ~甲}")).toEqual([error(1, "选项“甲”重复", "选一项{=甲 ~甲}")]);
  });
});

describe("parseGift: files", () => {
  it("gives every question one entry in order, errors in place, with its first line", () => {
    const text = ["// 党史测验", "$CATEGORY: 党史", "", "题一{T}", "", "题二{#1921}", "", "", "题三", "{=甲 ~乙}", "", "题四"];
    expect(parseGift(text.join("\n"))).toEqual([
      ok(4, judge("题一", true, { tags: ["党史"] })),
      error(6, "本平台不支持数值题（{#…}）；可改为填空题，如 {=1921}", "题二{#1921}"),
      ok(9, single("题三", ["甲", "乙"], 0, { tags: ["党史"] })),
      error(12, "没有找到答案 {…}：本平台不支持描述题；如果这是一道题，请在题干后用 {…} 写出答案", "题四"),
    ]);
  });

  it("reads CRLF and CR line ends and a byte-order mark", () => {
    expect(parseGift("\uFEFF$CATEGORY: 党史\r\n\r\n题一\r\n{T}\r\n\r\n题二{F}\r\r题三{T}")).toEqual([
      ok(3, judge("题一", true, { tags: ["党史"] })),
      ok(6, judge("题二", false, { tags: ["党史"] })),
      ok(8, judge("题三", true, { tags: ["党史"] })),
    ]);
  });

  it("finds nothing in an empty file, blank lines, comments or categories alone", () => {
    expect(parseGift("")).toEqual([]);
    expect(parseGift("\uFEFF\n  \n\t\n")).toEqual([]);
    expect(parseGift("// 只有注释\n$CATEGORY: 党史\n")).toEqual([]);
  });

  it("cuts a long excerpt to 120 characters", () => {
    const text = `${"长".repeat(130)}{#1}`;
    expect(parseGift(text)).toEqual([error(1, "本平台不支持数值题（{#…}）；可改为填空题，如 {=1921}", "长".repeat(120))]);
  });
});
