/**
 * Messages a person reads, keyed by id. The API answers in zh-CN (the UI's language); another
 * locale is one more table of the same shape.
 *
 * @example
 * t("auth.invalidCredentials") // "手机号或密码不正确"
 */
const zhCN = {
  "error.badRequest": "请求无法处理，请检查后重试",
  "error.validation": "提交的内容有误，请按提示修改",
  "error.unauthenticated": "请先登录",
  "error.forbidden": "您没有权限进行此操作",
  "error.notFound": "找不到请求的内容",
  "error.routeNotFound": "接口不存在",
  "error.conflict": "内容已被修改或已存在，请刷新后重试",
  "error.payloadTooLarge": "提交的内容过大",
  "error.unsupportedMediaType": "请以 JSON 格式提交",
  "error.crossOrigin": "请求来源不被允许，请从链学页面操作",
  "error.rateLimited": "操作过于频繁，请稍后再试",
  "error.internal": "服务器出错了，请稍后重试",
  "auth.invalidCredentials": "手机号或密码不正确",
  "auth.locked": "登录失败次数过多，请 {minutes} 分钟后再试",
  "auth.notActivated": "账号尚未激活，请使用组织管理员提供的激活码设置密码",
  "auth.disabled": "账号已停用，请联系组织管理员",
  "auth.invalidActivation": "手机号或激活码不正确，或激活码已过期",
  "auth.wrongCurrentPassword": "当前密码不正确",
  "auth.weakPassword": "密码至少 8 位，且需同时包含字母和数字",
  "auth.sessionNotFound": "找不到该登录会话",
  "org.notFound": "找不到该组织",
  "org.parentRequired": "请选择上级组织",
  "org.kindNotAllowed": "“{child}”不能设在“{parent}”之下",
  "org.hasChildren": "该组织下还有下级组织或成员，不能删除",
  "org.duplicateName": "同一上级组织下已有同名组织",
  "alliance.notFound": "找不到该党建联盟",
  "alliance.duplicateOrg": "该组织已在联盟中",
  "alliance.organizerNotEligible": "只能指定联盟成员单位的组织管理员为联盟管理员",
  "alliance.orgNotMember": "该组织不在联盟中",
  "member.notFound": "找不到该成员",
  "member.phoneTaken": "该手机号已被另一位姓名不同的人使用，请核对手机号和姓名",
  "member.alreadyInOrg": "该成员在此组织中已有此角色",
  "membership.notFound": "找不到该成员关系",
  "membership.selfOrganizer": "不能移除自己的组织管理员角色，请由上级组织管理员操作",
  "user.notFound": "找不到该人员",
  "import.fileMissing": "请选择要导入的文件（.xlsx 或 .csv）",
  "import.fileType": "只支持 .xlsx 和 .csv 文件",
  "import.fileTooLarge": "文件过大，请不超过 {mb} MB",
  "import.unreadable": "文件无法读取：{reason}",
  "import.empty": "文件中没有成员数据",
  "import.tooManyRows": "一次最多导入 {max} 行，请分批导入",
  "import.missingColumns": "缺少必需的列：{columns}",
  "import.notFound": "找不到该导入预览，或已过期，请重新上传文件",
  "import.hasErrors": "文件中有 {count} 行错误，请修改后重新上传",
  "import.alreadyCommitted": "该导入已经确认过了",
  "import.stale": "预览之后数据已有变动，请重新上传文件生成预览",
  "bank.notFound": "找不到该题库",
  "bank.questionNotFound": "找不到该试题",
  "bank.shareNeedsAlliance": "共享给联盟时请选择至少一个联盟",
  "bank.allianceNotVisible": "只能共享给本组织所在的党建联盟",
  "bank.importFormat": "无法识别文件格式，请选择 .xlsx、.csv、.docx、GIFT、Aiken 或 JSON",
  "bank.importEmpty": "文件中没有读到试题",
  "bank.importHasErrors": "有 {count} 道题无法导入，请修改后重新上传",
  "bank.importNotFound": "找不到该导入预览，或已过期，请重新上传",
} as const;

export type MessageKey = keyof typeof zhCN;

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return zhCN[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
