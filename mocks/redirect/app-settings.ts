/**
 * What `tokenproof wrap` hands a wrapped app for one provider: the mock's test credentials as
 * environment variables, and how the app's webhook URL becomes a merchant registration on the mock.
 */
export interface AppSettings {
  /** `TOKENPROOF_<PROVIDER>_…` variables holding the mock's test credentials and keys. */
  readonly credentials: Readonly<Record<string, string>>
  /**
   * The merchant registration that sets the default test merchant's notification URL, or undefined
   * for a provider that sends no notifications.
   */
  notifyRegistration(url: string): Record<string, unknown> | undefined
}
