/**
 * The one i18n layer: every user-facing string goes through `t`. English is the source; more
 * languages are added as message tables with the same keys.
 */
const en = {
  appName: 'AI-HTTP for n8n',
  popupSiteEnabled: 'AI-HTTP is enabled on {site}.',
  popupSiteDisabled: 'AI-HTTP is not enabled on {site}.',
  popupNotAWebPage: 'Open an n8n page to enable AI-HTTP there.',
  popupEnable: 'Enable on this site',
  popupDisable: 'Disable on this site',
  popupPermissionDenied: 'The browser did not grant access to {site}. Click "Enable on this site" again and choose Allow.',
  statusMounted: 'The n8n overlay is active on this page.',
  statusNotN8n: 'This page is not an n8n editor.',
  statusIdle: 'Open a workflow to see the overlay.',
  optionsTitle: 'AI-HTTP settings',
  optionsSites: 'Sites where AI-HTTP runs',
  optionsNoSites: 'No site yet. Open your n8n and click "Enable on this site" in the toolbar popup.',
  optionsRemove: 'Remove',
  optionsInstances: 'n8n instances',
  optionsInstanceUrl: 'Address of your n8n',
  optionsInstanceName: 'Name (optional)',
  optionsInstanceApiKey: 'API key (optional: without one, AI-HTTP uses your n8n session in the browser)',
  optionsInstanceAdd: 'Add and allow this site',
  optionsInstanceAdded: 'Added {origin}. Open a workflow there to see the panel.',
  optionsInstanceWithKey: '(API key)',
  optionsInstanceWithSession: '(browser session)',
  builderTitle: 'Request builder',
  builderTabCurl: 'cURL',
  builderTabTemplates: 'Templates',
  builderTabOpenApi: 'OpenAPI',
  builderCurlLabel: 'Paste a cURL command (from API docs, Postman or "Copy as cURL")',
  builderConvert: 'Make an HTTP Request node',
  builderTemplateSearch: 'Search templates, e.g. "send a slack message"',
  builderUseTemplate: 'Use',
  builderOpenApiLabel: 'Paste an OpenAPI document (JSON or YAML)',
  builderOpenApiLoad: 'Read operations',
  builderOpenApiLoaded: '{title}: {count} operations',
  builderOperationSearch: 'Search operations, e.g. "create a customer"',
  builderWorking: 'Working…',
  builderNodeReady: 'HTTP Request node ready',
  builderCopyNode: 'Copy node (paste it on the n8n canvas)',
  builderCopyCurl: 'Copy as cURL',
  builderCopied: 'Copied.',
  builderWarnings: 'Check before you run it',
  builderNothingFound: 'Nothing matches. Try other words.',
  panelTitle: 'Executions',
  panelToggle: 'Show or hide the AI-HTTP panel (Alt+Shift+H)',
  panelLoading: 'Reading this workflow’s executions…',
  panelEmpty: 'No executions yet. Run the workflow or call its production webhook; they appear here within seconds.',
  panelUnauthorized: 'n8n refused to share the executions. Sign in to n8n again in this tab, or add this instance with an API key in the AI-HTTP options.',
  panelUnreachable: 'n8n does not answer right now. The list updates again as soon as it does.',
  panelFailed: 'Reading the executions failed: {message}',
  panelFailingNode: 'Failing node',
  panelWhatHappened: 'What happened',
  panelHowToFix: 'How to fix it',
  panelInputItems: 'Items it received ({shown} of {total})',
  panelNoItems: 'No input items: {reason}',
  panelTimeline: 'Timeline',
  panelOpenInN8n: 'Open in n8n',
  panelRetry: 'Retry',
  panelRetried: 'Retried: execution {id}.',
  panelCopyCurl: 'Copy as cURL',
  panelCopied: 'Copied.',
  panelSucceeded: 'This execution succeeded.',
  itemsTooLarge: 'n8n did not store them (too large to display).',
  itemsRedacted: 'n8n redacted them.',
  itemsNotRecorded: 'n8n did not save execution data for this run.',
} as const;

export type MessageKey = keyof typeof en;
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

/** Arabic, the seed's language: shown right to left. */
const ar: Record<MessageKey, string> = {
  appName: 'AI-HTTP لـ n8n',
  popupSiteEnabled: 'AI-HTTP مفعّل على {site}.',
  popupSiteDisabled: 'AI-HTTP غير مفعّل على {site}.',
  popupNotAWebPage: 'افتح صفحة n8n لتفعيل AI-HTTP عليها.',
  popupEnable: 'تفعيل على هذا الموقع',
  popupDisable: 'إيقاف على هذا الموقع',
  popupPermissionDenied: 'لم يمنح المتصفح الوصول إلى {site}. انقر «تفعيل على هذا الموقع» مرة أخرى واختر السماح.',
  statusMounted: 'لوحة AI-HTTP نشطة في هذه الصفحة.',
  statusNotN8n: 'هذه الصفحة ليست محرر n8n.',
  statusIdle: 'افتح سير عمل لتظهر اللوحة.',
  optionsTitle: 'إعدادات AI-HTTP',
  optionsSites: 'المواقع التي يعمل عليها AI-HTTP',
  optionsNoSites: 'لا يوجد موقع بعد. افتح n8n وانقر «تفعيل على هذا الموقع» في النافذة المنبثقة.',
  optionsRemove: 'إزالة',
  optionsInstances: 'خوادم n8n',
  optionsInstanceUrl: 'عنوان n8n الخاص بك',
  optionsInstanceName: 'الاسم (اختياري)',
  optionsInstanceApiKey: 'مفتاح API (اختياري: بدونه يستخدم AI-HTTP جلستك في n8n داخل المتصفح)',
  optionsInstanceAdd: 'أضف واسمح لهذا الموقع',
  optionsInstanceAdded: 'أُضيف {origin}. افتح سير عمل هناك لترى اللوحة.',
  optionsInstanceWithKey: '(مفتاح API)',
  optionsInstanceWithSession: '(جلسة المتصفح)',
  builderTitle: 'منشئ الطلبات',
  builderTabCurl: 'cURL',
  builderTabTemplates: 'القوالب',
  builderTabOpenApi: 'OpenAPI',
  builderCurlLabel: 'الصق أمر cURL (من توثيق الواجهة أو Postman أو «نسخ كـ cURL»)',
  builderConvert: 'أنشئ عقدة HTTP Request',
  builderTemplateSearch: 'ابحث في القوالب، مثل «إرسال رسالة Slack»',
  builderUseTemplate: 'استخدم',
  builderOpenApiLabel: 'الصق مستند OpenAPI (JSON أو YAML)',
  builderOpenApiLoad: 'اقرأ العمليات',
  builderOpenApiLoaded: '{title}: {count} عملية',
  builderOperationSearch: 'ابحث في العمليات، مثل «إنشاء عميل»',
  builderWorking: 'جارٍ العمل…',
  builderNodeReady: 'عقدة HTTP Request جاهزة',
  builderCopyNode: 'انسخ العقدة (الصقها على لوحة n8n)',
  builderCopyCurl: 'انسخ كـ cURL',
  builderCopied: 'تم النسخ.',
  builderWarnings: 'راجع قبل التشغيل',
  builderNothingFound: 'لا نتائج. جرّب كلمات أخرى.',
  panelTitle: 'التنفيذات',
  panelToggle: 'إظهار لوحة AI-HTTP أو إخفاؤها (Alt+Shift+H)',
  panelLoading: 'جارٍ قراءة تنفيذات سير العمل هذا…',
  panelEmpty: 'لا توجد تنفيذات بعد. شغّل سير العمل أو استدعِ رابط الـ webhook؛ ستظهر هنا خلال ثوانٍ.',
  panelUnauthorized: 'رفض n8n مشاركة التنفيذات. سجّل الدخول إلى n8n مجددًا في هذا التبويب، أو أضف هذا الخادم بمفتاح API في إعدادات AI-HTTP.',
  panelUnreachable: 'لا يستجيب n8n الآن. ستتحدث القائمة فور عودته.',
  panelFailed: 'فشلت قراءة التنفيذات: {message}',
  panelFailingNode: 'العقدة المتعثرة',
  panelWhatHappened: 'ماذا حدث',
  panelHowToFix: 'كيف تصلحه',
  panelInputItems: 'العناصر التي استلمتها ({shown} من {total})',
  panelNoItems: 'لا عناصر إدخال: {reason}',
  panelTimeline: 'الخط الزمني',
  panelOpenInN8n: 'افتح في n8n',
  panelRetry: 'أعد المحاولة',
  panelRetried: 'أُعيدت المحاولة: التنفيذ {id}.',
  panelCopyCurl: 'انسخ كـ cURL',
  panelCopied: 'تم النسخ.',
  panelSucceeded: 'نجح هذا التنفيذ.',
  itemsTooLarge: 'لم يحفظها n8n (أكبر من أن تُعرض).',
  itemsRedacted: 'حجبها n8n.',
  itemsNotRecorded: 'لم يحفظ n8n بيانات هذا التنفيذ.',
};

const tables: Record<string, Partial<Record<MessageKey, string>>> = { en, ar };
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** The language the UI shows: `?lang=` on an extension page, else the browser's. */
export function uiLanguage(): string {
  const asked = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('lang') : null;
  const chosen = (asked ?? globalThis.navigator?.language ?? 'en').split('-')[0]!;
  return chosen in tables ? chosen : 'en';
}

export const directionOf = (language: string): 'rtl' | 'ltr' => (RTL.has(language.split('-')[0]!) ? 'rtl' : 'ltr');

export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

/** A translator for one language; unknown languages and missing keys fall back to English. */
export function translator(language: string): Translate {
  const table = tables[language.split('-')[0] ?? 'en'] ?? en;
  return (key, values = {}) => (table[key] ?? en[key]).replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

/** The translator for the UI language. */
export const t: Translate = translator(uiLanguage());
