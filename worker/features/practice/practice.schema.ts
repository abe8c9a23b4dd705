import { z } from "@hono/zod-openapi";
import { IdSchema } from "../../shared/schemas";
import { questionTypes } from "../bank/question";

/** A question as a member sees it before answering: no answer, no explanation. */
export const PracticeQuestionSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    type: z.enum(questionTypes),
    stem: z.string(),
    options: z.array(z.string()),
    blanks: z.number().int(),
    tags: z.array(z.string()),
  })
  .openapi("PracticeQuestion");

export const ResponseSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("single"), choice: z.number().int().min(0).max(7) }),
    z.object({ type: z.literal("multiple"), choices: z.array(z.number().int().min(0).max(7)).min(1).max(8) }),
    z.object({ type: z.literal("judge"), value: z.boolean() }),
    z.object({ type: z.literal("fill"), blanks: z.array(z.string().max(200)).min(1).max(10) }),
  ])
  .openapi("PracticeResponse");

export const FeedbackSchema = z
  .object({
    correct: z.boolean(),
    response: ResponseSchema,
    /** The right answer, as the question states it: an index, indices, a boolean, or accepted answers per blank. */
    answer: z.unknown(),
    explanation: z.string(),
    source: z.string(),
    wrongBook: z.object({ inBook: z.boolean(), streak: z.number().int(), cleared: z.boolean() }),
  })
  .openapi("PracticeFeedback");

export const DailySetSchema = z
  .object({
    day: z.string(),
    size: z.number().int(),
    items: z.array(z.object({ question: PracticeQuestionSchema, feedback: FeedbackSchema.nullable() })),
  })
  .openapi("DailyPractice");

export const AnswerBodySchema = z
  .object({ questionId: IdSchema, mode: z.enum(["daily", "review"]).default("daily"), response: ResponseSchema })
  .strict()
  .openapi("PracticeAnswerBody");

export const WrongBookSchema = z
  .object({
    items: z.array(
      z.object({ question: PracticeQuestionSchema, streak: z.number().int(), wrongCount: z.number().int(), lastWrongAt: z.number().int() }),
    ),
  })
  .openapi("WrongBook");

export const MasterySchema = z
  .object({ tags: z.array(z.object({ tag: z.string(), answered: z.number().int(), correct: z.number().int(), share: z.number() })) })
  .openapi("Mastery");

export const PracticeSettingsBodySchema = z
  .object({ dailySize: z.number().int().min(1).max(50) })
  .strict()
  .openapi("PracticeSettingsBody");
export const PracticeSettingsSchema = z.object({ orgId: z.string(), dailySize: z.number().int() }).openapi("PracticeSettings");
