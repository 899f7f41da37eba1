import type { ResultCodeEntry } from '../core/types.ts'

const ERRORS = 'https://docs.appotapay.com/en/subscription/error-code (shared table, see NOTES.md)'
const AUTH = 'https://docs.appotapay.com/security (JWT in X-APPOTAPAY-AUTH)'

const entry = (
  status: ResultCodeEntry['status'],
  message: string,
  action: ResultCodeEntry['action'],
  effect: ResultCodeEntry['effect'],
  httpStatus: number,
  source: string,
  assumed = false,
): ResultCodeEntry => ({ status, message, action, effect, httpStatus, source, ...(assumed ? { assumed } : {}) })

/**
 * AppotaPay `errorCode`s the credit-card API answers with (the key is the code as a string; on the
 * wire it is a JSON number). The message is the English one; `appotapayMessages` has both languages.
 * HTTP statuses are not documented per code: see NOTES.md.
 */
export const appotapayResultCodes = {
  '0': entry('S', 'Success', 'none', 'succeeded', 200, ERRORS),
  '1': entry('F', 'Missing or Invalid Params', 'fix_request', 'not_processed', 400, ERRORS),
  '11': entry('F', 'Partner is not found', 'fix_request', 'not_processed', 401, ERRORS),
  '14': entry('F', 'API Key is invalid', 'fix_request', 'not_processed', 401, ERRORS),
  '36': entry('F', 'Transaction is not found', 'fix_request', 'not_processed', 404, ERRORS),
  '99': entry('U', 'Undefined error', 'inquire', 'not_processed', 500, ERRORS),
  '401': entry('F', 'Unauthorized', 'fix_request', 'not_processed', 401, AUTH),
  '404': entry('F', 'API not found', 'fix_request', 'not_processed', 404, 'NOTES.md', true),
  '405': entry('F', 'Method not allowed', 'fix_request', 'not_processed', 405, 'NOTES.md', true),
  '413': entry('F', 'Request body too large', 'fix_request', 'not_processed', 413, 'NOTES.md', true),
  '500': entry('U', 'Server error', 'inquire', 'not_processed', 500, ERRORS),
  '3002': entry('F', 'Duplicate reference code of partner', 'use_new_request_id', 'not_processed', 409, ERRORS),
  '3004': entry('F', 'Payment method not exist', 'use_another_card', 'not_processed', 404, ERRORS),
  '3012': entry('F', 'Payment method is invalid', 'use_another_card', 'failed', 422, ERRORS),
  '3013': entry('F', '3D Secure is required', 'redirect_buyer', 'failed', 422, ERRORS),
  '3033': entry('F', 'Invalid CVN', 'use_another_card', 'failed', 422, ERRORS),
  '3034': entry('F', 'Stolen or lost card', 'do_not_retry', 'failed', 422, ERRORS),
} as const satisfies Record<string, ResultCodeEntry>

export type AppotapayResultCode = keyof typeof appotapayResultCodes

/** The `Language` header's languages; vi is the default. */
export type AppotapayLanguage = 'vi' | 'en'

/** The message of every code in both languages AppotaPay answers in. */
export const appotapayMessages = {
  '0': { vi: 'Thành công', en: 'Success' },
  '1': { vi: 'Thiếu hoặc sai tham số', en: 'Missing or Invalid Params' },
  '11': { vi: 'Không tìm thấy đối tác', en: 'Partner is not found' },
  '14': { vi: 'API Key không hợp lệ', en: 'API Key is invalid' },
  '36': { vi: 'Không tìm thấy giao dịch', en: 'Transaction is not found' },
  '99': { vi: 'Lỗi không xác định', en: 'Undefined error' },
  '401': { vi: 'Không có quyền truy cập', en: 'Unauthorized' },
  '404': { vi: 'Không tìm thấy API', en: 'API not found' },
  '405': { vi: 'Phương thức không được hỗ trợ', en: 'Method not allowed' },
  '413': { vi: 'Dữ liệu gửi lên quá lớn', en: 'Request body too large' },
  '500': { vi: 'Lỗi hệ thống', en: 'Server error' },
  '3002': { vi: 'Trùng mã tham chiếu của đối tác', en: 'Duplicate reference code of partner' },
  '3004': { vi: 'Phương thức thanh toán không tồn tại', en: 'Payment method not exist' },
  '3012': { vi: 'Phương thức thanh toán không hợp lệ', en: 'Payment method is invalid' },
  '3013': { vi: 'Yêu cầu xác thực 3D Secure', en: '3D Secure is required' },
  '3033': { vi: 'Mã CVN không hợp lệ', en: 'Invalid CVN' },
  '3034': { vi: 'Thẻ bị đánh cắp hoặc bị mất', en: 'Stolen or lost card' },
} as const satisfies Record<AppotapayResultCode, Record<AppotapayLanguage, string>>
