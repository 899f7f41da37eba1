import { resultCode } from '../core/result-code.ts'
import type { ResultCodeEntry } from '../core/types.ts'

const ERRORS = 'https://docs.appotapay.com/en/subscription/error-code (shared table, see NOTES.md)'
const AUTH = 'https://docs.appotapay.com/security (JWT in X-APPOTAPAY-AUTH)'

/**
 * AppotaPay `errorCode`s the credit-card API answers with (the key is the code as a string; on the
 * wire it is a JSON number). The message is the English one; `appotapayMessages` has both languages.
 * HTTP statuses are not documented per code: see NOTES.md.
 */
export const appotapayResultCodes = {
  '0': resultCode('S', 'Success', 'none', 'succeeded', ERRORS),
  '1': resultCode('F', 'Missing or Invalid Params', 'fix_request', 'not_processed', ERRORS, { httpStatus: 400 }),
  '11': resultCode('F', 'Partner is not found', 'fix_request', 'not_processed', ERRORS, { httpStatus: 401 }),
  '14': resultCode('F', 'API Key is invalid', 'fix_request', 'not_processed', ERRORS, { httpStatus: 401 }),
  '36': resultCode('F', 'Transaction is not found', 'fix_request', 'not_processed', ERRORS, { httpStatus: 404 }),
  '99': resultCode('U', 'Undefined error', 'inquire', 'not_processed', ERRORS, { httpStatus: 500 }),
  '401': resultCode('F', 'Unauthorized', 'fix_request', 'not_processed', AUTH, { httpStatus: 401 }),
  '404': resultCode('F', 'API not found', 'fix_request', 'not_processed', 'NOTES.md', { httpStatus: 404, assumed: true }),
  '405': resultCode('F', 'Method not allowed', 'fix_request', 'not_processed', 'NOTES.md', { httpStatus: 405, assumed: true }),
  '413': resultCode('F', 'Request body too large', 'fix_request', 'not_processed', 'NOTES.md', { httpStatus: 413, assumed: true }),
  '500': resultCode('U', 'Server error', 'inquire', 'not_processed', ERRORS, { httpStatus: 500 }),
  '3002': resultCode('F', 'Duplicate reference code of partner', 'use_new_request_id', 'not_processed', ERRORS, { httpStatus: 409 }),
  '3004': resultCode('F', 'Payment method not exist', 'use_another_card', 'not_processed', ERRORS, { httpStatus: 404 }),
  '3012': resultCode('F', 'Payment method is invalid', 'use_another_card', 'failed', ERRORS, { httpStatus: 422 }),
  '3013': resultCode('F', '3D Secure is required', 'redirect_buyer', 'failed', ERRORS, { httpStatus: 422 }),
  '3033': resultCode('F', 'Invalid CVN', 'use_another_card', 'failed', ERRORS, { httpStatus: 422 }),
  '3034': resultCode('F', 'Stolen or lost card', 'do_not_retry', 'failed', ERRORS, { httpStatus: 422 }),
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
