// The closing survey's answer: a satisfaction score from 1 to 5, optionally followed by a comment
// ("2 the swelling lasted too long", "4点 ありがとうございました", "5分，謝謝"). Only a reply that
// starts with a score is one: "3 days now the bleeding won't stop" starts with a number of days,
// not a score. Whether the comment reports symptoms is for triage to say (the journey triages
// every reply first). Pure code: the journey workflow calls it directly.

export interface SurveyAnswer {
  score: number;
  /** What the patient wrote after the score, trimmed; absent when there is nothing. */
  comment?: string;
}

// A score may carry its own unit: "4/5", "4点", "4分" (zh: points), "4 stars", "★4".
const SCORE = /^(?:★\s*)?([1-5])(?:\s*(?:\/\s*5|out of 5|点|分(?![鐘钟])|stars?|★))?/u;
// What after a number makes it a quantity (days, hours, doses, degrees …) rather than a score.
const QUANTITY =
  /^\s*(?:days?|d\b|nights?|hours?|hrs?|h\b|mins?|minutes?|weeks?|wks?|months?|times|x\b|am\b|pm\b|o'?clock|mg|ml|tablets?|tabs?|pills?|doses?|degrees?|°|c\b|years?|yrs?|日|晩|夜|時|時間|分|週|周|天|小時|小时|次|回|錠|粒|顆|颗|度|歳|岁|歲|ヶ月|か月|個月|个月|[.,:]\d|\d)/u;
// Between the score and the comment.
const SEPARATOR = /^[\s,.、，。:：;；!！\-–—)）]*/u;

/**
 * The survey answer in a reply, or undefined when the reply does not start with a score 1–5.
 * Full-width digits and punctuation count ("３", "、"); a bare number over 5, a decimal or a
 * quantity ("3 days", "1日", "2 hours") is not a score.
 */
export function parseSurveyAnswer(text: string): SurveyAnswer | undefined {
  const normalised = text.normalize('NFKC').trim();
  const score = SCORE.exec(normalised);
  if (!score) return undefined;
  const rest = normalised.slice(score[0].length);
  // "1日" / "3 days": only when the score had no unit of its own ("4点" is a score whatever follows).
  const bareDigit = score[0] === score[1];
  if (bareDigit && QUANTITY.test(rest)) return undefined;
  // "12", "3a": Latin letters or digits glued to the number are not a score; a Japanese or
  // Chinese comment may follow without a space ("1まだ出血が…").
  if (bareDigit && /^[0-9a-z]/iu.test(rest)) return undefined;
  const comment = rest.replace(SEPARATOR, '').trim();
  return { score: Number(score[1]), ...(comment ? { comment } : {}) };
}

/**
 * How the journey read a survey answer before replies were triaged first: any reply starting
 * with a digit 1–5. Only for replaying replies that journeys already read that way.
 */
export function legacySurveyAnswer(text: string): SurveyAnswer | undefined {
  const score = /^\s*([1-5])(?:$|[\s,.、，。])/.exec(text.normalize('NFKC'));
  if (!score) return undefined;
  const comment = text
    .normalize('NFKC')
    .replace(/^\s*[1-5][\s,.、，。]*/, '')
    .trim();
  return { score: Number(score[1]), ...(comment ? { comment } : {}) };
}
