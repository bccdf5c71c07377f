import { stringify } from 'csv-stringify/sync';
import type { LinkFeedback } from './link-feedback';

/**
 * A link's feedback as CSV, one row per comment and per decision, newest
 * first. Reviewers' text could start a spreadsheet formula: such cells are
 * prefixed with an apostrophe (OWASP's advice for CSV injection).
 */
const HEADER = ['kind', 'time', 'reviewer', 'file_id', 'file_name', 'page', 'decision', 'text', 'annotation_id'];

function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function feedbackCsv(feedback: LinkFeedback, fileNames: ReadonlyMap<string, string>): string {
  const rows: Array<{ time: string; cells: string[] }> = [
    ...feedback.comments.map((comment) => ({
      time: comment.createdAt,
      cells: ['comment', comment.createdAt, comment.reviewerName, comment.fileId, fileNames.get(comment.fileId) ?? '', String(comment.page), '', comment.message, comment.id],
    })),
    ...feedback.decisions.map((decision) => ({
      time: decision.decidedAt,
      cells: ['decision', decision.decidedAt, decision.reviewerName, decision.fileId, fileNames.get(decision.fileId) ?? '', '', decision.decision, decision.note ?? '', ''],
    })),
  ];
  rows.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  return stringify([HEADER, ...rows.map((row) => row.cells.map(safeCell))], { record_delimiter: 'windows' });
}
