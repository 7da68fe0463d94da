export { startSheetsStandin } from './server.ts';
export type {
  CellValue,
  InjectedStatus,
  QuotaBudget,
  RequestKind,
  RequestLogEntry,
  SheetsStandin,
  SheetsStandinOptions,
  StandinFaults,
} from './types.ts';
