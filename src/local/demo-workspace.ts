import { LEAD_COLUMNS } from '../domain/lead-record.ts';
import type { CellValue } from './sheets-standin/index.ts';
import type { StandinUser } from './slack-standin/index.ts';

/** The bot token local mode's Slack stand-in accepts (doctor uses it against a local SLACK_API_URL). */
export const LOCAL_BOT_TOKEN = 'xoxb-local-mode';

/** The demo team local mode starts with: three reps and a manager. */
export const DEMO_USERS: StandinUser[] = [
  { id: 'U0AYU', name: 'ayu', real_name: 'Ayu Lestari', tz: 'Asia/Jakarta', email: 'ayu@example.com' },
  { id: 'U0BIMA', name: 'bima', real_name: 'Bima Pratama', tz: 'Asia/Jakarta', email: 'bima@example.com' },
  { id: 'U0CITRA', name: 'citra', real_name: 'Citra Wijaya', tz: 'Asia/Jakarta', email: 'citra@example.com' },
  { id: 'U0MAYA', name: 'maya', real_name: 'Maya Santoso (manager)', tz: 'Asia/Jakarta', email: 'maya@example.com' },
];

export const DEMO_MANAGER_IDS = ['U0MAYA'];

export const DEMO_SHEET: Record<string, CellValue[][]> = {
  sales_sheet: [
    ['name', 'email', 'slack_id', 'active'],
    ['Ayu Lestari', 'ayu@example.com', 'U0AYU', 'ON'],
    ['Bima Pratama', 'bima@example.com', 'U0BIMA', 'ON'],
    ['Citra Wijaya', 'citra@example.com', 'U0CITRA', 'ON'],
  ],
  lead_sheet: [[...LEAD_COLUMNS]],
  routing_state_sheet: [['key', 'value']],
  audit_log: [['at', 'event', 'lead_id', 'actor', 'detail']],
};
