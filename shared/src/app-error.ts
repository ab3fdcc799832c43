// The error vocabulary without zod: the codes, their statuses and AppError. Pages that must open
// fast (the popup) import this and not errors.ts, whose envelope schemas would pull zod into their
// first load; errors.ts re-exports all of it, so the codes are still defined once.

/**
 * Every error code the product can answer with, defined once, with its HTTP status.
 * The server maps thrown `AppError`s to the envelope with these; the extension and the
 * CLI show the same codes, so a user sees one vocabulary everywhere.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  VALIDATION_FAILED: { status: 400, message: 'Some fields are missing or invalid.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in first: the credentials are missing, invalid or expired.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  /** An n8n API key sent over plain HTTP from another machine: refused, so it never travels unencrypted again. */
  INSECURE_TRANSPORT: { status: 403, message: 'Secrets such as an n8n API key are accepted only over HTTPS or from this machine (loopback).' },
  SESSION_REQUIRED: { status: 403, message: 'Sign in to do this: API keys cannot manage API keys, passwords or the account.' },
  NOT_FOUND: { status: 404, message: 'Nothing was found here.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not allowed on this route.' },
  CONFLICT: { status: 409, message: 'This conflicts with something that already exists.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests: wait and try again.' },
  CLIENT_UNSUPPORTED: { status: 426, message: 'This AI-HTTP server does not speak this version of the extension: update the older of the two.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side. The request id in the logs tells us what.' },
  N8N_UNREACHABLE: { status: 502, message: 'n8n could not be reached.' },
  N8N_UNAUTHORIZED: { status: 502, message: 'n8n refused the API key.' },
  NOT_N8N: { status: 502, message: 'That address does not answer like an n8n instance.' },
  N8N_VERSION_UNSUPPORTED: { status: 502, message: 'This n8n version does not offer what is needed.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'A backing service is not available right now.' },
  SERVER_UNREACHABLE: { status: 503, message: 'The AI-HTTP server could not be reached; AI-HTTP keeps working without it.' },
  CURL_INVALID: { status: 422, message: 'That is not a cURL command that can be imported.' },
  OPENAPI_INVALID: { status: 422, message: 'That OpenAPI document cannot be read.' },
  IMPORT_UNRECOGNIZED: { status: 422, message: 'That paste is not a request AI-HTTP can read.' },
  AI_UNAVAILABLE: { status: 503, message: 'This AI-HTTP server has no AI model configured: the offline search still works.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The error envelope every API answers with (errors.ts checks it against errorEnvelopeSchema). */
export interface ErrorEnvelope {
  success: false;
  error: { code: ErrorCode; message: string; details: unknown };
}

/** An error a user can act on: a code from ERROR_CODES, a message that says what to do, and details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details: unknown = null) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toEnvelope(): ErrorEnvelope {
    return { success: false, error: { code: this.code, message: this.message, details: this.details } };
  }
}
