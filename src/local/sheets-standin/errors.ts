import type { RequestKind } from './types.ts';

/** google.rpc.Status names as the JSON error body spells them. */
export type RpcStatus =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'PERMISSION_DENIED';

/** Thrown anywhere below the router; the server turns it into Google's error envelope. */
export class ApiError extends Error {
  readonly code: number;
  readonly status: RpcStatus;
  readonly details: unknown[] | undefined;

  constructor(code: number, status: RpcStatus, message: string, details?: unknown[]) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }

  body(): { error: { code: number; message: string; status: RpcStatus; details?: unknown[] } } {
    const error: { code: number; message: string; status: RpcStatus; details?: unknown[] } = {
      code: this.code,
      message: this.message,
      status: this.status,
    };
    if (this.details) error.details = this.details;
    return { error };
  }
}

export function invalidArgument(message: string): ApiError {
  return new ApiError(400, 'INVALID_ARGUMENT', message);
}

export function notFound(): ApiError {
  return new ApiError(404, 'NOT_FOUND', 'Requested entity was not found.');
}

export function unavailable(): ApiError {
  return new ApiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
}

export function internal(): ApiError {
  return new ApiError(500, 'INTERNAL', 'Internal error encountered.');
}

/** Mirrors the real per-user quota rejection, including the ErrorInfo detail clients may inspect. */
export function quotaExceeded(kind: RequestKind): ApiError {
  const metric = kind === 'read' ? 'Read requests' : 'Write requests';
  const slug = kind === 'read' ? 'read_requests' : 'write_requests';
  const limit = kind === 'read' ? 'ReadRequestsPerMinutePerUser' : 'WriteRequestsPerMinutePerUser';
  return new ApiError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          quota_metric: `sheets.googleapis.com/${slug}`,
          quota_limit: limit,
          service: 'sheets.googleapis.com',
          consumer: 'projects/000000000000',
        },
      },
    ],
  );
}
