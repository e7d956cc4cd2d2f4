import type { Language } from '../../domain/language';
import { BOARD_WORDS } from './board-words';
import type { BoardWordKey } from './board-words';

// The event kinds of a case's timeline (journeys and complaints) in the staff member's language.
// Only the kind is translated: the detail is what staff or the case wrote, shown as written.
// A kind not listed here (a new one) is shown as its name.

type Words = Record<string, [en: string, ja: string, zhHant: string]>;

const EVENTS: Words = {
  received: ['Complaint received', '苦情を受付', '受理客訴'],
  'first-contact': ['First contact with the customer', 'お客様へ初回連絡', '與顧客首次聯絡'],
  assessment: ['Assessment submitted', '評価を提出', '提交評估'],
  'plan-proposed': ['Plan proposed', '対応策を提案', '提出方案'],
  'plan-approved': ['Plan approved', '対応策を承認', '核准方案'],
  'plan-sent-back': ['Plan sent back', '対応策を差し戻し', '退回方案'],
  'plan-declined': ['Plan declined by the customer', 'お客様が対応策を辞退', '顧客拒絕方案'],
  'clock-warning': ['SLA warning', 'SLA 警告', 'SLA 警示'],
  'clock-breached': ['SLA breached', 'SLA 超過', 'SLA 逾時'],
  'clock-escalated': ['SLA breach escalated', 'SLA 超過をエスカレーション', 'SLA 逾時已上報'],
  'clock-stopped': ['SLA clock stopped', 'SLA 時計停止', 'SLA 計時停止'],
  'customer-message': ['Message from the customer', 'お客様からのメッセージ', '顧客來訊'],
  'customer-satisfied': ['Customer satisfaction recorded', '満足度を記録', '記錄顧客滿意度'],
  'customer-back': ['The customer answered', 'お客様から回答', '顧客已回覆'],
  'waiting-on-customer': ['Waiting on the customer', 'お客様待ち', '等待顧客'],
  'corrective-action': ['Corrective action added', '是正処置を追加', '新增矯正措施'],
  'corrective-action-done': ['Corrective action done', '是正処置を完了', '矯正措施完成'],
  'action-executed': ['Plan action carried out', '対応を実施', '已執行措施'],
  'action-failed': ['Plan action failed', '対応の実施に失敗', '措施執行失敗'],
  'action-done-by-hand': ['Plan action done by hand', '対応を手作業で実施', '措施已人工完成'],
  'actions-retried': ['Failed actions retried', '失敗した対応を再実行', '重試失敗的措施'],
  'execution-incomplete': ['Plan not fully carried out', '対応策が未完了', '方案未完全執行'],
  'closing-waits': ['Closure waits', '完了を保留', '結案等待中'],
  reopened: ['Reopened', '再開', '重新開啟'],
  'side-effect-failed': [
    'A message or task could not be sent',
    'メッセージまたはタスクを送れませんでした',
    '訊息或任務無法送出',
  ],
  'continued-as-new': ['Case history continued', '履歴を継続', '個案紀錄延續'],
  'timeline-trimmed': ['Older entries trimmed', '古い記録を省略', '已省略較舊的紀錄'],
  'sms-sent': ['SMS sent', 'SMS 送信', '已傳送簡訊'],
  'sms-failed': ['SMS failed', 'SMS 送信失敗', '簡訊傳送失敗'],
  'sms-not-sent': ['SMS not sent', 'SMS 未送信', '簡訊未傳送'],
  'sms-undeliverable': ['SMS undeliverable', 'SMS 配信不能', '簡訊無法送達'],
  'sms-undelivered': ['SMS not delivered', 'SMS 未配信', '簡訊未送達'],
  'task-opened': ['Task opened', 'タスク作成', '建立任務'],
  'task-done': ['Task done', 'タスク完了', '任務完成'],
  'task-not-delivered': ['Task not delivered', 'タスクを届けられませんでした', '任務未送達'],
  'patient-replied': ['Patient replied', '患者さんが返信', '病人已回覆'],
  'patient-called': ['Patient called', '患者さんに電話', '已致電病人'],
  'call-outcome': ['Call outcome recorded', '電話の結果を記録', '記錄通話結果'],
  'call-failed': ['Call failed', '電話に失敗', '通話失敗'],
  'call-unanswered': ['Call not answered', '電話に応答なし', '電話無人接聽'],
  'check-in-added': ['Check-in added', 'チェックインを追加', '新增關懷聯絡'],
  'check-in-no-reply': ['No reply to a check-in', 'チェックインに返信なし', '關懷聯絡未回覆'],
  'complaint-opened': ['Complaint opened', '苦情を登録', '建立客訴'],
  'escalation-started': ['Escalation started', 'エスカレーション開始', '開始升級處理'],
  'escalation-already-open': ['Escalation already open', 'エスカレーション対応中', '升級處理已在進行'],
  'escalation-ack-sent': [
    'Acknowledgement sent to the patient',
    '患者さんに応答確認を送信',
    '已通知病人已確認',
  ],
  'escalation-acknowledged': ['Escalation acknowledged', 'エスカレーション応答確認', '升級處理已確認'],
  'escalation-resolved': ['Escalation resolved', 'エスカレーション解決', '升級處理已解決'],
  'escalation-exhausted': [
    'Nobody answered the escalation',
    'エスカレーションに応答なし',
    '升級處理無人回應',
  ],
  'ehr-not-recorded': ['Not recorded in the medical record', 'カルテに記録されませんでした', '未記錄於病歷'],
  'journey-ended': ['Journey ended', '経過観察終了', '追蹤結束'],
  'opted-out': ['Patient opted out', '患者さんが配信停止', '病人已取消訂閱'],
  paused: ['Paused', '一時停止', '暫停'],
  resumed: ['Resumed', '再開', '恢復'],
  closed: ['Closed', '終了', '結束'],
  'no-show': ['No-show', '無断キャンセル', '未到診'],
  'visit-attendance': ['Visit attendance recorded', '来院を記録', '記錄回診出席'],
  'receipt-after-close': ['Delivery receipt after closing', '終了後の配信通知', '結束後的送達回報'],
  'survey-answered': ['Survey answered', 'アンケート回答', '問卷已回覆'],
};

const COLUMN: Record<Language, 0 | 1 | 2> = { en: 0, ja: 1, 'zh-Hant': 2 };

/** An event kind in `language`; a stage entry ("stage-planning") is the stage's name. */
export function eventWord(language: Language, event: string): string {
  const known = EVENTS[event];
  if (known) return known[COLUMN[language]];
  if (event in BOARD_WORDS.en) return BOARD_WORDS[language][event as BoardWordKey];
  return event;
}
