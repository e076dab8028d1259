// The one place the UI talks to the Rust side: every command, typed with the
// bindings ts-rs generates from the Rust types.
import { invoke } from '@tauri-apps/api/core';
import type { ImportPreview } from './bindings/ImportPreview';
import type { AccountRow } from './bindings/AccountRow';
import type { AccountInput } from './bindings/AccountInput';
import type { Journal } from './bindings/Journal';
import type { JournalFormat } from './bindings/JournalFormat';
import type { ImportDone } from './bindings/ImportDone';
import type { StartState } from './bindings/StartState';
import type { PlacementView } from './bindings/PlacementView';
import type { ChangePreview } from './bindings/ChangePreview';
import type { ClassChangeInput } from './bindings/ClassChangeInput';
import type { SfoChangeInput } from './bindings/SfoChangeInput';
import type { ClassFundSummary } from './bindings/ClassFundSummary';
import type { ConsentType } from './bindings/ConsentType';
import type { HealthView } from './bindings/HealthView';
import type { DataSubject } from './bindings/DataSubject';
import type { RequestView } from './bindings/RequestView';
import type { RetentionPlanView } from './bindings/RetentionPlanView';
import type { RequestInput } from './bindings/RequestInput';
import type { RequestAnswer } from './bindings/RequestAnswer';
import type { HealthInput } from './bindings/HealthInput';
import type { ConsentTypeInput } from './bindings/ConsentTypeInput';
import type { ListRequest } from './bindings/ListRequest';
import type { TodayView } from './bindings/TodayView';
import type { ClassDepositsInput } from './bindings/ClassDepositsInput';
import type { ClassConsentRow } from './bindings/ClassConsentRow';
import type { ClassConsentInput } from './bindings/ClassConsentInput';
import type { AbsentToday } from './bindings/AbsentToday';
import type { MailSettingsView } from './bindings/MailSettingsView';
import type { SmtpSettingsInput } from './bindings/SmtpSettingsInput';
import type { MailBatch } from './bindings/MailBatch';
import type { ContractMailRequest } from './bindings/ContractMailRequest';
import type { ListTable } from './bindings/ListTable';
import type { ListFormat } from './bindings/ListFormat';
import type { ChildConsents } from './bindings/ChildConsents';
import type { ConsentInput } from './bindings/ConsentInput';
import type { ConsentList } from './bindings/ConsentList';
import type { ClassFundView } from './bindings/ClassFundView';
import type { ClassFundInput } from './bindings/ClassFundInput';
import type { FundEntryInput } from './bindings/FundEntryInput';
import type { CancelFundEntry } from './bindings/CancelFundEntry';
import type { SetupInput } from './bindings/SetupInput';
import type { SetupDone } from './bindings/SetupDone';
import type { SessionUser } from './bindings/SessionUser';
import type { SearchResults } from './bindings/SearchResults';
import type { ChildSummary } from './bindings/ChildSummary';
import type { ChildDetail } from './bindings/ChildDetail';
import type { ChildInput } from './bindings/ChildInput';
import type { NewChild } from './bindings/NewChild';
import type { NewGuardian } from './bindings/NewGuardian';
import type { GuardianInput } from './bindings/GuardianInput';
import type { GuardianLink } from './bindings/GuardianLink';
import type { Saved } from './bindings/Saved';
import type { ErrorReply } from './bindings/ErrorReply';
import type { LoginStep } from './bindings/LoginStep';
import type { Application } from './bindings/Application';
import type { Intake } from './bindings/Intake';
import type { IntakeQuery } from './bindings/IntakeQuery';
import type { WaitingInput } from './bindings/WaitingInput';
import type { MeetingInput } from './bindings/MeetingInput';
import type { AdmissionInput } from './bindings/AdmissionInput';
import type { TermsVersion } from './bindings/TermsVersion';
import type { TermsVersionInput } from './bindings/TermsVersionInput';
import type { UserView } from './bindings/UserView';
import type { UserInput } from './bindings/UserInput';
import type { SchoolSettings } from './bindings/SchoolSettings';
import type { AuditRow } from './bindings/AuditRow';
import type { AuditFilter } from './bindings/AuditFilter';
import type { AuditCheck } from './bindings/AuditCheck';
import type { Division } from './bindings/Division';
import type { TemplateKind } from './bindings/TemplateKind';
import type { TextVersion } from './bindings/TextVersion';
import type { PrivacyView } from './bindings/PrivacyView';
import type { PrivacySettings } from './bindings/PrivacySettings';
import type { DocumentRequest } from './bindings/DocumentRequest';
import type { BillingSetup } from './bindings/BillingSetup';
import type { BillingSettings } from './bindings/BillingSettings';
import type { Creditor } from './bindings/Creditor';
import type { RateInput } from './bindings/RateInput';
import type { RateCorrection } from './bindings/RateCorrection';
import type { Subsidy } from './bindings/Subsidy';
import type { SubsidyInput } from './bindings/SubsidyInput';
import type { ChargePreview } from './bindings/ChargePreview';
import type { RunSummary } from './bindings/RunSummary';
import type { PaymentImportReport } from './bindings/PaymentImportReport';
import type { ManualPaymentInput } from './bindings/ManualPaymentInput';
import type { PayerAccount } from './bindings/PayerAccount';
import type { PayerStatement } from './bindings/PayerStatement';
import type { CreditNoteInput } from './bindings/CreditNoteInput';
import type { PayerChangePreview } from './bindings/PayerChangePreview';
import type { DateCorrectionInput } from './bindings/DateCorrectionInput';
import type { RefundInput } from './bindings/RefundInput';
import type { LeavingView } from './bindings/LeavingView';
import type { AbsenceInput } from './bindings/AbsenceInput';
import type { AbsenceView } from './bindings/AbsenceView';
import type { ChildAbsence } from './bindings/ChildAbsence';
import type { ClassAbsence } from './bindings/ClassAbsence';
import type { WithdrawalInput } from './bindings/WithdrawalInput';
import type { WithdrawalPreview } from './bindings/WithdrawalPreview';
import type { ExpulsionInput } from './bindings/ExpulsionInput';
import type { RolloverView } from './bindings/RolloverView';
import type { CertificateInput } from './bindings/CertificateInput';
import type { BackupView } from './bindings/BackupView';
import type { BackupSettingsInput } from './bindings/BackupSettingsInput';
import type { BackupCheckView } from './bindings/BackupCheckView';
import type { CertificateView } from './bindings/CertificateView';
import type { RolloverPlan } from './bindings/RolloverPlan';
import type { SeptemberCount } from './bindings/SeptemberCount';

/** An error from a command: always `{ code, message, fields }`. */
export class CommandError extends Error {
  constructor(public reply: ErrorReply) {
    super(reply.message);
  }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
      throw new CommandError(error as ErrorReply);
    }
    throw new CommandError({ code: 'unknown', message: String(error), fields: [] });
  }
}

export const api = {
  start: () => call<StartState>('start'),
  setLanguage: (code: 'da' | 'en') => call<null>('set_language', { code }),
  setUp: (input: SetupInput) => call<SetupDone>('set_up', { input }),
  setUpDemo: () => call<SetupDone>('set_up_demo'),
  printRecoverySheet: () => call<void>('print_recovery_sheet'),
  saveRecoverySheet: () => call<boolean>('save_recovery_sheet'),
  restoreDamaged: (backup: string, username: string, password: string, code: string) =>
    call<StartState>('restore_damaged', { backup, username, password, code }),
  confirmRecoveryKeySaved: () => call<void>('confirm_recovery_key_saved'),
  unlockWithRecoveryKey: (recoveryKey: string) => call<StartState>('unlock_with_recovery_key', { recoveryKey }),
  logIn: (username: string, password: string) => call<LoginStep>('log_in', { username, password }),
  confirmCode: (code: string) => call<SessionUser>('confirm_code', { code }),
  logOut: () => call<void>('log_out'),
  lock: (byUser: boolean) => call<void>('lock', { byUser }),
  unlock: (password: string) => call<SessionUser>('unlock', { password }),
  search: (query: string, includeArchived: boolean) => call<SearchResults>('search', { query, includeArchived }),
  listChildren: (includeArchived: boolean) => call<ChildSummary[]>('list_children', { includeArchived }),
  child: (id: number) => call<ChildDetail>('child', { id }),
  addChild: (input: NewChild) => call<Saved>('add_child', { input }),
  updateChild: (id: number, input: ChildInput) => call<Saved>('update_child', { id, input }),
  setChildArchived: (id: number, archived: boolean) => call<void>('set_child_archived', { id, archived }),
  addGuardian: (childId: number, input: NewGuardian) => call<Saved>('add_guardian', { childId, input }),
  updateGuardian: (guardianId: number, input: GuardianInput) => call<Saved>('update_guardian', { guardianId, input }),
  /** With `moveOpenBalance`, what is unpaid for the child moves to a new payer. */
  updateGuardianLink: (childId: number, guardianId: number, link: GuardianLink, moveOpenBalance: boolean) =>
    call<void>('update_guardian_link', { childId, guardianId, link, moveOpenBalance }),
  payerChangePreview: (childId: number) => call<PayerChangePreview>('payer_change_preview', { childId }),
  revealCpr: (id: number) => call<ChildDetail>('reveal_cpr', { id }),
  waitingList: (division: Division | null) => call<Application[]>('waiting_list', { division }),
  intake: (query: IntakeQuery) => call<Intake>('intake', { query }),
  registerOnWaitingList: (input: WaitingInput) => call<Saved>('register_on_waiting_list', { input }),
  markEnrolmentFeePaid: (childId: number, paidOn: string) => call<void>('mark_enrolment_fee_paid', { childId, paidOn }),
  offerPlace: (entryId: number) => call<void>('offer_place', { entryId }),
  answerOffer: (entryId: number, accepted: boolean, answeredOn: string) => call<void>('answer_offer', { entryId, accepted, answeredOn }),
  recordMeeting: (entryId: number, input: MeetingInput) => call<void>('record_meeting', { entryId, input }),
  decideAdmission: (entryId: number, approved: boolean, reason: string) => call<void>('decide_admission', { entryId, approved, reason }),
  admit: (entryId: number, input: AdmissionInput) => call<void>('admit', { entryId, input }),
  withdrawApplication: (entryId: number) => call<void>('withdraw_application', { entryId }),
  termsVersions: () => call<TermsVersion[]>('terms_versions'),
  addTermsVersion: (input: TermsVersionInput) => call<Saved>('add_terms_version', { input }),
  setClassCapacity: (schoolYear: number, grade: number, capacity: number) => call<void>('set_class_capacity', { schoolYear, grade, capacity }),
  users: () => call<UserView[]>('users'),
  addUser: (input: UserInput) => call<Saved>('add_user', { input }),
  updateUser: (id: number, input: UserInput) => call<void>('update_user', { id, input }),
  resetSecondFactor: (id: number) => call<void>('reset_second_factor', { id }),
  setUserPassword: (id: number, password: string, passwordRepeat: string) => call<void>('set_user_password', { id, password, passwordRepeat }),
  schoolSettings: () => call<SchoolSettings>('school_settings'),
  saveSchoolSettings: (settings: SchoolSettings) => call<void>('save_school_settings', { settings }),
  auditLog: (filter: AuditFilter) => call<AuditRow[]>('audit_log', { filter }),
  verifyAuditLog: () => call<AuditCheck>('verify_audit_log'),
  texts: () => call<TextVersion[]>('texts'),
  textVersions: (kind: TemplateKind) => call<TextVersion[]>('text_versions', { kind }),
  previewText: (kind: TemplateKind, body: string) => call<string>('preview_text', { kind, body }),
  saveText: (kind: TemplateKind, body: string) => call<TextVersion>('save_text', { kind, body }),
  privacySettings: () => call<PrivacyView>('privacy_settings'),
  savePrivacySettings: (settings: PrivacySettings) => call<PrivacyView>('save_privacy_settings', { settings }),
  /** Sets the school's logo (PNG or JPEG bytes), or removes it with null. */
  setSchoolLogo: (logo: number[] | null) => call<void>('set_school_logo', { logo }),
  hasSchoolLogo: () => call<boolean>('has_school_logo'),
  /** The PDF's bytes, for the preview. */
  previewDocument: (request: DocumentRequest) => call<ArrayBuffer>('preview_document', { request }),
  /** Asks where to save; false when the user cancelled. */
  saveDocument: (request: DocumentRequest) => call<boolean>('save_document', { request }),
  /** Opens the PDF in the system's viewer; returns where it was written. */
  openDocument: (request: DocumentRequest) => call<string>('open_document', { request }),
  billingSetup: () => call<BillingSetup>('billing_setup'),
  addRate: (input: RateInput) => call<void>('add_rate', { input }),
  correctRate: (input: RateCorrection) => call<void>('correct_rate', { input }),
  saveBillingSettings: (settings: BillingSettings, creditor: Creditor) => call<void>('save_billing_settings', { settings, creditor }),
  subsidies: (childId: number) => call<Subsidy[]>('subsidies', { childId }),
  addSubsidy: (input: SubsidyInput) => call<number>('add_subsidy', { input }),
  endSubsidy: (id: number, to: string) => call<void>('end_subsidy', { id, to }),
  /** `month` is `yyyy-mm`. */
  previewCharges: (month: string) => call<ChargePreview>('preview_charges', { month }),
  /** Issues once; issuing again returns the run already issued. */
  issueCharges: (month: string) => call<ChargePreview>('issue_charges', { month }),
  chargeRuns: () => call<RunSummary[]>('charge_runs'),
  /** Asks where to save the checked 0601 file; false when the user cancelled. */
  saveDeliveryFile: (runId: number) => call<boolean>('save_delivery_file', { runId }),
  /** Asks for the bank's 0602 file and reads it; null when the user cancelled. */
  importPaymentFile: () => call<PaymentImportReport | null>('import_payment_file'),
  addManualPayment: (input: ManualPaymentInput) => call<void>('add_manual_payment', { input }),
  addCorrection: (payerId: number, text: string, amount: number) => call<void>('add_correction', { payerId, text, amount }),
  /** Returns the credit note's id, to print it. */
  issueCreditNote: (input: CreditNoteInput) => call<number>('issue_credit_note', { input }),
  /** Returns the refund's id, to print its letter. */
  recordRefund: (input: RefundInput) => call<number>('record_refund', { input }),
  payerAccounts: (overdueOnly: boolean) => call<PayerAccount[]>('payer_accounts', { overdueOnly }),
  payerStatement: (payerId: number) => call<PayerStatement>('payer_statement', { payerId }),
  /** Returns the last day, `dd-mm-yyyy`. */
  recordAbsence: (input: AbsenceInput) => call<AbsenceView>('record_absence', { input }),
  childAbsence: (childId: number) => call<ChildAbsence>('child_absence', { childId }),
  classAbsence: (grade: number) => call<ClassAbsence>('class_absence', { grade }),
  leaveRequests: () => call<AbsenceView[]>('leave_requests'),
  decideLeave: (absenceId: number, approve: boolean) => call<AbsenceView>('decide_leave', { absenceId, approve }),
  /** Asks where to save the export; false when the user cancelled. */
  saveDataExport: (subject: DataSubject, format: 'json' | 'csv') => call<boolean>('save_data_export', { subject, format }),
  retentionPlan: () => call<RetentionPlanView>('retention_plan'),
  /** Runs the plan the headteacher saw; returns what was done, in Danish. */
  runRetention: (token: string) => call<string>('run_retention', { token }),
  dataRequests: () => call<RequestView[]>('data_requests'),
  registerDataRequest: (input: RequestInput) => call<RequestView[]>('register_data_request', { input }),
  extendDataRequest: (answer: RequestAnswer) => call<RequestView[]>('extend_data_request', { answer }),
  answerDataRequest: (answer: RequestAnswer) => call<RequestView[]>('answer_data_request', { answer }),
  health: (childId: number) => call<HealthView>('health', { childId }),
  addHealthNote: (input: HealthInput) => call<HealthView>('add_health_note', { input }),
  deleteHealthNote: (noteId: number) => call<HealthView>('delete_health_note', { noteId }),
  backups: () => call<BackupView>('backups'),
  saveBackupSettings: (input: BackupSettingsInput) => call<BackupView>('save_backup_settings', { input }),
  /** Opens the folder picker; `null` when cancelled. */
  chooseBackupFolder: () => call<string | null>('choose_backup_folder'),
  backUpNow: () => call<BackupView>('back_up_now'),
  /** Opens the file picker; `null` when cancelled. */
  chooseBackupFile: () => call<string | null>('choose_backup_file'),
  checkBackupFile: (path: string) => call<BackupCheckView>('check_backup_file', { path }),
  restoreBackup: (path: string) => call<StartState>('restore_backup', { path }),
  /** Opens the file picker for the old system's export; `null` when cancelled. */
  chooseImportFile: () => call<string | null>('choose_import_file'),
  /** Saves the import template; false when cancelled. */
  saveImportTemplate: () => call<boolean>('save_import_template'),
  previewImport: (path: string) => call<ImportPreview>('preview_import', { path }),
  importRegister: (path: string, fingerprint: string) => call<ImportDone>('import_register', { path, fingerprint }),
  /** Re-encrypts the database with a new key; returns the new recovery key (shown once). */
  changeDatabaseKey: () => call<string>('change_database_key'),
  examCertificates: (childId: number) => call<CertificateView[]>('exam_certificates', { childId }),
  recordExamCertificate: (input: CertificateInput) => call<CertificateView[]>('record_exam_certificate', { input }),
  consentTypes: () => call<ConsentType[]>('consent_types'),
  addConsentType: (input: ConsentTypeInput) => call<ConsentType[]>('add_consent_type', { input }),
  setConsentTypeActive: (typeId: number, active: boolean) => call<ConsentType[]>('set_consent_type_active', { typeId, active }),
  childConsents: (childId: number) => call<ChildConsents>('child_consents', { childId }),
  recordConsent: (input: ConsentInput) => call<ChildConsents>('record_consent', { input }),
  consentList: (typeId: number) => call<ConsentList>('consent_list', { typeId }),
  classConsents: (grade: number, typeId: number) => call<ClassConsentRow[]>('class_consents', { grade, typeId }),
  /** A class's paper forms for one consent: all stored, or none (problems by row). */
  recordClassConsents: (input: ClassConsentInput) => call<number>('record_class_consents', { input }),
  today: () => call<TodayView>('today'),
  absentToday: () => call<AbsentToday[]>('absent_today'),
  mailSettings: () => call<MailSettingsView>('mail_settings'),
  saveMailSettings: (input: SmtpSettingsInput) => call<MailSettingsView>('save_mail_settings', { input }),
  /** Makes each family's contract e-mail and keeps them for sendMails. */
  prepareContractMails: (request: ContractMailRequest) => call<MailBatch>('prepare_contract_mails', { request }),
  /** Starts sending (all when empty); results arrive as 'mail-result' events, then 'mail-done'. */
  sendMails: (numbers: number[]) => call<number>('send_mails', { numbers }),
  classAddresses: (grade: number) => call<string[]>('class_addresses', { grade }),
  listTable: (request: ListRequest) => call<ListTable>('list_table', { request }),
  /** Saves the list where the user chooses; false when cancelled. */
  saveList: (request: ListRequest, format: ListFormat) => call<boolean>('save_list', { request, format }),
  /** Opens the list's PDF in the system's viewer; returns its path. */
  openList: (request: ListRequest) => call<string>('open_list', { request }),
  chartOfAccounts: () => call<AccountRow[]>('chart_of_accounts'),
  /** Saves the account numbers typed; returns the chart as saved. */
  saveChartOfAccounts: (rows: AccountInput[]) => call<AccountRow[]>('save_chart_of_accounts', { rows }),
  journal: (month: string, firstVoucher: number) => call<Journal>('journal', { month, firstVoucher }),
  /** Saves the journal where the user chooses; false when cancelled. */
  saveJournal: (month: string, firstVoucher: number, format: JournalFormat) =>
    call<boolean>('save_journal', { month, firstVoucher, format }),
  classFunds: () => call<ClassFundSummary[]>('class_funds'),
  classFund: (cohort: number) => call<ClassFundView>('class_fund', { cohort }),
  saveClassFund: (input: ClassFundInput) => call<ClassFundView>('save_class_fund', { input }),
  addFundEntry: (input: FundEntryInput) => call<ClassFundView>('add_fund_entry', { input }),
  /** Many families' payments: all booked or none (problems by row). */
  addClassDeposits: (input: ClassDepositsInput) => call<ClassFundView>('add_class_deposits', { input }),
  cancelFundEntry: (input: CancelFundEntry) => call<ClassFundView>('cancel_fund_entry', { input }),
  leaving: (childId: number) => call<LeavingView>('leaving', { childId }),
  placements: (childId: number) => call<PlacementView>('placements', { childId }),
  previewClassChange: (input: ClassChangeInput) => call<ChangePreview>('preview_class_change', { input }),
  changeClass: (input: ClassChangeInput) => call<ChangePreview>('change_class', { input }),
  previewSfoChange: (input: SfoChangeInput) => call<ChangePreview>('preview_sfo_change', { input }),
  changeSfo: (input: SfoChangeInput) => call<ChangePreview>('change_sfo', { input }),
  previewDateCorrection: (input: DateCorrectionInput) => call<ChangePreview>('preview_date_correction', { input }),
  correctPlacementDate: (input: DateCorrectionInput) => call<ChangePreview>('correct_placement_date', { input }),
  customerNumber: (guardianId: number) => call<string | null>('customer_number', { guardianId }),
  setCustomerNumber: (guardianId: number, number: string) => call<string>('set_customer_number', { guardianId, number }),
  previewWithdrawal: (input: WithdrawalInput) => call<WithdrawalPreview>('preview_withdrawal', { input }),
  recordWithdrawal: (input: WithdrawalInput) => call<WithdrawalPreview>('record_withdrawal', { input }),
  cancelWithdrawal: (withdrawalId: number) => call<void>('cancel_withdrawal', { withdrawalId }),
  recordCompensation: (withdrawalId: number) => call<void>('record_compensation', { withdrawalId }),
  endSchooling: (input: ExpulsionInput) => call<string>('end_schooling', { input }),
  rolloverPreview: () => call<RolloverView>('rollover_preview'),
  deferSchoolStart: (childId: number) => call<RolloverView>('defer_school_start', { childId }),
  undoSchoolStartDeferral: (childId: number) => call<RolloverView>('undo_school_start_deferral', { childId }),
  runRollover: (year: number) => call<RolloverPlan>('run_rollover', { year }),
  septemberCount: (year: number) => call<SeptemberCount>('september_count', { year }),
  saveSeptemberCountCsv: (year: number) => call<boolean>('save_september_count_csv', { year }),
  terminateKindergartenForArrears: (childId: number, immediate: boolean) => call<string>('terminate_kindergarten_for_arrears', { childId, immediate }),
};


/** Field errors of a failed save, keyed by field path (`child.cpr`, `guardians.0.phone`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof CommandError)) return {};
  return Object.fromEntries(error.reply.fields.map((f) => [f.field, f.message]));
}
