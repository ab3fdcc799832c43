// Every primitive on one page, in the words the product will use, to look at in both themes and
// in Arabic. Test-only: see main.tsx.
import { useState } from 'react';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  CopyIcon,
  DESIGN_CSS,
  Dialog,
  DialogClose,
  EmptyState,
  ExternalIcon,
  Field,
  IconButton,
  Menu,
  MenuItem,
  MenuSeparator,
  MoreIcon,
  Progress,
  RefreshIcon,
  Section,
  Select,
  Spinner,
  StatusPill,
  Switch,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  TextArea,
  TextInput,
  useToaster,
  DesignRoot,
  ToastProvider,
  type Theme,
} from '../index.ts';
import galleryCss from './gallery.css?inline';

export const GALLERY_CSS = `${DESIGN_CSS}\n${galleryCss}`;

const WORDS = {
  en: {
    title: 'AI-HTTP design system',
    subtitle: 'One set of tokens and primitives for the overlay, the popup and the extension pages.',
    buttons: 'Buttons',
    buttonsHint: 'Primary for the one main action of a view, secondary for the rest, ghost in dense rows, danger for what cannot be undone.',
    send: 'Send request',
    insert: 'Insert into canvas',
    copy: 'Copy as cURL',
    cancel: 'Cancel',
    remove: 'Remove',
    sending: 'Sending…',
    disabled: 'Disabled',
    more: 'More actions',
    retry: 'Retry',
    open: 'Open in n8n',
    status: 'Badges and status',
    success: 'success',
    error: 'error',
    running: 'running',
    waiting: 'waiting',
    canceled: 'canceled',
    server: 'Live from your AI-HTTP server',
    direct: 'Reading n8n directly',
    builder: 'Request builder',
    builderHint: 'Tabs keep each part of the request one click away in a 360 px popup.',
    params: 'Params',
    headers: 'Headers',
    body: 'Body',
    auth: 'Auth',
    url: 'URL',
    urlHint: 'Paste a cURL command, a URL or a raw HTTP request.',
    method: 'Method',
    name: 'Name',
    nameError: 'A header name cannot contain spaces.',
    value: 'Value',
    json: 'JSON body',
    inline: 'Keep secrets inline',
    follow: 'Follow redirects',
    authType: 'Authentication',
    none: 'None',
    bearer: 'Bearer token',
    basic: 'Basic auth',
    token: 'Token',
    tokenHint: 'Stored as an n8n credential, never in the node.',
    settings: 'Settings',
    instances: 'n8n instances',
    instancesHint: 'AI-HTTP runs only on the sites you add.',
    add: 'Add instance',
    withKey: 'API key',
    session: 'session',
    empty: 'No executions yet',
    emptyHint: 'Run the workflow or call its webhook: executions appear here as they happen.',
    progress: 'Loading and progress',
    importing: 'Importing Stripe OpenAPI',
    parsing: 'Parsing the spec',
    loading: 'Loading executions',
    overlays: 'Dialogs, menus and toasts',
    confirm: 'Remove this instance?',
    confirmHint: 'Its API key is deleted from this browser. Executions already read stay in the history.',
    close: 'Close',
    toastTitle: 'Node copied',
    toastBody: 'Paste it onto the n8n canvas.',
    toastError: 'n8n did not answer',
    toastErrorBody: 'http://localhost:5678 refused the connection.',
    showToast: 'Show a toast',
    showError: 'Show an error',
    openDialog: 'Remove instance…',
  },
  ar: {
    title: 'نظام تصميم AI-HTTP',
    subtitle: 'مجموعة واحدة من الرموز والمكوّنات للطبقة والنافذة المنبثقة وصفحات الإضافة.',
    buttons: 'الأزرار',
    buttonsHint: 'الأساسي للإجراء الرئيسي الواحد، والثانوي لما سواه، والشفاف في الصفوف الكثيفة، والخطر لما لا يمكن التراجع عنه.',
    send: 'إرسال الطلب',
    insert: 'إدراج في اللوحة',
    copy: 'نسخ كأمر cURL',
    cancel: 'إلغاء',
    remove: 'إزالة',
    sending: 'جارٍ الإرسال…',
    disabled: 'معطّل',
    more: 'إجراءات أخرى',
    retry: 'إعادة المحاولة',
    open: 'فتح في n8n',
    status: 'الشارات والحالة',
    success: 'نجاح',
    error: 'خطأ',
    running: 'قيد التشغيل',
    waiting: 'في الانتظار',
    canceled: 'ملغى',
    server: 'مباشر من خادم AI-HTTP',
    direct: 'القراءة من n8n مباشرة',
    builder: 'منشئ الطلبات',
    builderHint: 'تُبقي الألسنة كل جزء من الطلب على بُعد نقرة واحدة في نافذة بعرض 360 بكسل.',
    params: 'المعاملات',
    headers: 'الترويسات',
    body: 'المتن',
    auth: 'المصادقة',
    url: 'العنوان',
    urlHint: 'الصق أمر cURL أو عنوانًا أو طلب HTTP خامًا.',
    method: 'الطريقة',
    name: 'الاسم',
    nameError: 'لا يمكن أن يحتوي اسم الترويسة على مسافات.',
    value: 'القيمة',
    json: 'متن JSON',
    inline: 'إبقاء الأسرار داخل العقدة',
    follow: 'اتباع إعادة التوجيه',
    authType: 'نوع المصادقة',
    none: 'بدون',
    bearer: 'رمز Bearer',
    basic: 'مصادقة أساسية',
    token: 'الرمز',
    tokenHint: 'يُحفظ كبيانات اعتماد في n8n، لا داخل العقدة.',
    settings: 'الإعدادات',
    instances: 'خوادم n8n',
    instancesHint: 'يعمل AI-HTTP فقط على المواقع التي تضيفها.',
    add: 'إضافة خادم',
    withKey: 'مفتاح API',
    session: 'جلسة',
    empty: 'لا توجد عمليات تنفيذ بعد',
    emptyHint: 'شغّل سير العمل أو استدعِ الـ webhook: تظهر عمليات التنفيذ هنا فور حدوثها.',
    progress: 'التحميل والتقدّم',
    importing: 'استيراد Stripe OpenAPI',
    parsing: 'تحليل المواصفة',
    loading: 'تحميل عمليات التنفيذ',
    overlays: 'الحوارات والقوائم والتنبيهات',
    confirm: 'إزالة هذا الخادم؟',
    confirmHint: 'يُحذف مفتاح API من هذا المتصفح. تبقى عمليات التنفيذ المقروءة في السجل.',
    close: 'إغلاق',
    toastTitle: 'نُسخت العقدة',
    toastBody: 'الصقها في لوحة n8n.',
    toastError: 'لم يستجب n8n',
    toastErrorBody: 'رفض http://localhost:5678 الاتصال.',
    showToast: 'عرض تنبيه',
    showError: 'عرض خطأ',
    openDialog: 'إزالة الخادم…',
  },
} as const;

type Words = Record<keyof (typeof WORDS)['en'], string>;

export function Gallery({ locale, theme }: { locale: 'en' | 'ar'; theme?: Theme | undefined }) {
  const t: Words = WORDS[locale];
  return (
    <DesignRoot locale={locale} theme={theme} className="gallery" data-testid="gallery">
      <ToastProvider closeLabel={t.close}>
        <header className="gallery-header">
          <div>
            <h1>{t.title}</h1>
            <p className="ah-muted">{t.subtitle}</p>
          </div>
        </header>
        <div className="gallery-grid">
          <Buttons t={t} />
          <Statuses t={t} />
          <Builder t={t} />
          <Settings t={t} />
          <Loading t={t} />
          <Overlays t={t} />
        </div>
      </ToastProvider>
    </DesignRoot>
  );
}

function Buttons({ t }: { t: Words }) {
  return (
    <Card title={t.buttons} description={t.buttonsHint} data-testid="gallery-buttons">
      <div className="ah-stack">
        <div className="ah-row">
          <Button variant="primary">{t.send}</Button>
          <Button variant="secondary" icon={<CopyIcon />}>
            {t.copy}
          </Button>
          <Button variant="ghost" icon={<RefreshIcon />}>
            {t.retry}
          </Button>
          <Button variant="danger">{t.remove}</Button>
        </div>
        <div className="ah-row">
          <Button variant="primary" size="sm">
            {t.insert}
          </Button>
          <Button size="sm" icon={<ExternalIcon />}>
            {t.open}
          </Button>
          <Button variant="primary" size="sm" loading>
            {t.sending}
          </Button>
          <Button size="sm" disabled>
            {t.disabled}
          </Button>
          <IconButton size="sm" label={t.copy} icon={<CopyIcon />} />
          <IconButton size="sm" label={t.more} icon={<MoreIcon />} />
        </div>
      </div>
    </Card>
  );
}

function Statuses({ t }: { t: Words }) {
  return (
    <Card title={t.status}>
      <div className="ah-stack">
        <div className="ah-row">
          <StatusPill status="success">{t.success}</StatusPill>
          <StatusPill status="error">{t.error}</StatusPill>
          <StatusPill status="running">{t.running}</StatusPill>
          <StatusPill status="waiting">{t.waiting}</StatusPill>
          <StatusPill status="canceled">{t.canceled}</StatusPill>
        </div>
        <div className="ah-row">
          <Badge tone="accent">{t.server}</Badge>
          <Badge tone="info">{t.direct}</Badge>
          <Badge tone="warning">429</Badge>
          <Badge tone="danger">ECONNREFUSED</Badge>
          <Badge>GET</Badge>
        </div>
        <ul className="ah-list" aria-label="executions">
          {(
            [
              ['error', '#1042', '12:04:51', '318 ms', 'webhook'],
              ['success', '#1041', '12:03:10', '92 ms', 'webhook'],
              ['running', '#1043', '12:05:02', '…', 'trigger'],
            ] as const
          ).map(([status, id, time, duration, mode]) => (
            <li key={id}>
              <StatusPill status={status}>{t[status]}</StatusPill>
              <bdi>{id}</bdi>
              <span className="ah-muted">
                <bdi>{time}</bdi> · <bdi>{duration}</bdi> · <bdi>{mode}</bdi>
              </span>
            </li>
          ))}
        </ul>
      </div>
    </Card>
  );
}

function Builder({ t }: { t: Words }) {
  const [auth, setAuth] = useState('bearer');
  return (
    <Card title={t.builder} description={t.builderHint} data-testid="gallery-builder">
      <div className="gallery-url">
        <Field label={t.method}>
          <Select defaultValue="POST">
            {['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => (
              <option key={method}>{method}</option>
            ))}
          </Select>
        </Field>
        <Field label={t.url} hint={t.urlHint} required>
          <TextInput mono defaultValue="https://api.stripe.com/v1/customers" />
        </Field>
      </div>
      <Tabs defaultValue="headers">
        <TabList aria-label={t.builder}>
          <Tab value="params">{t.params}</Tab>
          <Tab value="headers">
            {t.headers} <Badge>2</Badge>
          </Tab>
          <Tab value="body">{t.body}</Tab>
          <Tab value="auth">{t.auth}</Tab>
        </TabList>
        <TabPanel value="params">
          <EmptyState title={t.params} description={t.urlHint} />
        </TabPanel>
        <TabPanel value="headers">
          <div className="gallery-pair">
            <Field label={t.name} error={t.nameError}>
              <TextInput mono defaultValue="X Request Id" />
            </Field>
            <Field label={t.value}>
              <TextInput mono defaultValue="7f3a…" />
            </Field>
          </div>
          <div className="ah-row gallery-toggles">
            <Checkbox label={t.inline} />
            <Switch label={t.follow} defaultChecked />
          </div>
        </TabPanel>
        <TabPanel value="body">
          <Field label={t.json}>
            <TextArea mono rows={4} defaultValue={'{\n  "email": "ada@example.com",\n  "name": "Ada"\n}'} />
          </Field>
        </TabPanel>
        <TabPanel value="auth">
          <Field label={t.authType}>
            <Select value={auth} onChange={(e) => setAuth(e.target.value)}>
              <option value="none">{t.none}</option>
              <option value="bearer">{t.bearer}</option>
              <option value="basic">{t.basic}</option>
            </Select>
          </Field>
          <Field label={t.token} hint={t.tokenHint}>
            <TextInput type="password" defaultValue="sk_test_123" />
          </Field>
        </TabPanel>
      </Tabs>
      <div className="ah-row gallery-actions">
        <Button variant="primary">{t.send}</Button>
        <Button>{t.insert}</Button>
        <span className="ah-spacer" />
        <Menu trigger={<IconButton label={t.more} icon={<MoreIcon />} data-testid="gallery-menu-trigger" />} data-testid="gallery-menu">
          <MenuItem value="copy" icon={<CopyIcon />}>
            {t.copy}
          </MenuItem>
          <MenuItem value="open" icon={<ExternalIcon />}>
            {t.open}
          </MenuItem>
          <MenuSeparator />
          <MenuItem value="remove" tone="danger">
            {t.remove}
          </MenuItem>
        </Menu>
      </div>
    </Card>
  );
}

function Settings({ t }: { t: Words }) {
  return (
    <Card title={t.settings}>
      <Section title={t.instances} description={t.instancesHint} level={3} actions={<Button size="sm">{t.add}</Button>}>
        <ul className="ah-list">
          <li>
            <span className="ah-ltr">https://n8n.example.com</span>
            <span className="ah-spacer" />
            <Badge tone="success">{t.withKey}</Badge>
          </li>
          <li>
            <span className="ah-ltr">http://localhost:5678</span>
            <span className="ah-spacer" />
            <Badge>{t.session}</Badge>
          </li>
        </ul>
      </Section>
      <Section title={t.empty} level={3}>
        <EmptyState title={t.empty} description={t.emptyHint} action={<Button size="sm">{t.retry}</Button>} />
      </Section>
    </Card>
  );
}

function Loading({ t }: { t: Words }) {
  return (
    <Card title={t.progress}>
      <div className="ah-stack">
        <Progress label={t.importing} value={62} />
        <Progress label={t.parsing} value={null} />
        <div className="ah-row">
          <Spinner label={t.loading} size="sm" />
          <Spinner label={t.loading} />
          <Spinner label={t.loading} size="lg" />
          <span className="ah-muted">{t.loading}</span>
        </div>
      </div>
    </Card>
  );
}

function Overlays({ t }: { t: Words }) {
  const toaster = useToaster();
  return (
    <Card title={t.overlays}>
      <div className="ah-row">
        <Dialog
          title={t.confirm}
          description={t.confirmHint}
          closeLabel={t.close}
          role="alertdialog"
          data-testid="gallery-dialog"
          trigger={<Button data-testid="gallery-dialog-trigger">{t.openDialog}</Button>}
          footer={
            <>
              <DialogClose>
                <Button>{t.cancel}</Button>
              </DialogClose>
              <DialogClose>
                <Button variant="danger">{t.remove}</Button>
              </DialogClose>
            </>
          }
        >
          <Field label={t.name}>
            <TextInput defaultValue="n8n.example.com" />
          </Field>
        </Dialog>
        <Button data-testid="gallery-toast" onClick={() => toaster.create({ title: t.toastTitle, description: t.toastBody, type: 'success' })}>
          {t.showToast}
        </Button>
        <Button data-testid="gallery-toast-error" onClick={() => toaster.create({ title: t.toastError, description: t.toastErrorBody, type: 'error' })}>
          {t.showError}
        </Button>
      </div>
    </Card>
  );
}
