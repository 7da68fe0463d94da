/** Slack mrkdwn treats &, < and > as control characters; everything a lead typed goes through here. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function mention(slackId: string): string {
  return slackId ? `<@${slackId}>` : 'nobody';
}

/** Digits of an E.164 number -> "+62 812 3456 7890"-ish grouping is locale-specific; keep it plain. */
export function displayPhone(digits: string, valid: boolean): string {
  return valid ? `+${digits}` : digits;
}
