import type { ErrorCategory } from './digest-schema.ts';

/**
 * The offline knowledge base: how an n8n error is recognised, what it means in plain words, and
 * what to change, naming the n8n settings where the fix lives. Rules are tried in order.
 */
interface Rule {
  category: ErrorCategory;
  matches(error: { name: string; message: string; httpCode: string | null; description: string | null; nodeType: string }): boolean;
}

const text = (e: { message: string; description: string | null }) => `${e.message} ${e.description ?? ''}`;

const RULES: Rule[] = [
  { category: 'credentials_missing', matches: (e) => /credentials? (are|is )?(not (set|found)|missing)|no credentials|node does not have any credentials|credential.* could not be found/i.test(text(e)) },
  { category: 'expression', matches: (e) => /ExpressionError/.test(e.name) || /referenced node|hasn'?t been executed|has not been executed|no (node|item) matching|invalid syntax|\$\(|expression/i.test(text(e)) },
  { category: 'dns', matches: (e) => /ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(`${text(e)} ${e.httpCode ?? ''}`) },
  { category: 'timeout', matches: (e) => /ETIMEDOUT|ESOCKETTIMEDOUT|ECONNABORTED|timed? ?out|timeout of \d+ms/i.test(`${text(e)} ${e.httpCode ?? ''}`) },
  { category: 'connection', matches: (e) => /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|socket hang up|refused the connection/i.test(`${text(e)} ${e.httpCode ?? ''}`) },
  { category: 'auth', matches: (e) => e.httpCode === '401' || e.httpCode === '403' || /authori[sz]ation failed|unauthori[sz]ed|forbidden|invalid (api )?key|authentication/i.test(text(e)) },
  { category: 'rate_limit', matches: (e) => e.httpCode === '429' || /too many requests|rate limit/i.test(text(e)) },
  { category: 'not_found', matches: (e) => e.httpCode === '404' || /resource you are requesting could not be found|not found/i.test(e.message) },
  { category: 'server_error', matches: (e) => /^5\d\d$/.test(e.httpCode ?? '') || /internal server error|bad gateway|service unavailable/i.test(text(e)) },
  { category: 'invalid_json', matches: (e) => /invalid json|unexpected token .* json|json parameter needs to be valid json|is not valid JSON|JSON\.parse/i.test(text(e)) },
  { category: 'code', matches: (e) => /n8n-nodes-base\.(code|function|functionItem)$/.test(e.nodeType) || /WrappedExecutionError|ReferenceError|TypeError|SyntaxError/.test(`${e.name} ${e.description ?? ''}`) },
];

export function categorize(error: Parameters<Rule['matches']>[0]): ErrorCategory {
  return RULES.find((rule) => rule.matches(error))?.category ?? 'unknown';
}

export const KNOWLEDGE: Record<ErrorCategory, { explanation: string; fixes: string[] }> = {
  auth: {
    explanation: 'The API refused the request because the credentials are missing, wrong, expired or lack a permission (HTTP 401 or 403).',
    fixes: [
      'Open the node and check the selected credential (Authentication → Generic Credential Type → the credential): the token or key may have expired or been rotated.',
      'For a 403, give the key or OAuth app the scope the endpoint needs, then reconnect the credential.',
      'Keep tokens in a credential (Header Auth, Bearer Auth) rather than in a plain header, so one update fixes every node.',
    ],
  },
  not_found: {
    explanation: 'The address was reached but the resource does not exist there (HTTP 404): a wrong path, an id that does not exist, or a deleted item.',
    fixes: [
      'Check the URL field: the path and any id inserted by an expression (open the input panel to see the values this item had).',
      'If some items may legitimately be missing, turn on Settings → On Error → Continue (using error output) and handle the 404 branch.',
    ],
  },
  rate_limit: {
    explanation: 'The API is throttling the workflow (HTTP 429): too many requests in a short time.',
    fixes: [
      'In the HTTP Request node, open Options → Batching and send fewer items per batch with an interval between batches.',
      'Turn on Settings → Retry On Fail with Wait Between Tries of a few seconds (the API’s Retry-After header says how long).',
      'Put a Wait node before the request, or loop with Loop Over Items and a Wait, for large item lists.',
    ],
  },
  server_error: {
    explanation: 'The API failed on its side (HTTP 5xx). The request may be fine; the service was down, overloaded or hit a bug.',
    fixes: ['Turn on Settings → Retry On Fail (3 tries, 5000 ms between tries).', 'Check the service’s status page; if it persists, check the body the node sent in the input panel.'],
  },
  connection: {
    explanation: 'n8n could not open a connection to the host: nothing listens on that address and port, or a firewall refuses it.',
    fixes: [
      'Check the URL field: the host and port are right, and the service is running.',
      'If n8n runs in Docker, "localhost" means the container itself: use the service name or host.docker.internal.',
      'Turn on Settings → Retry On Fail if the service restarts from time to time.',
    ],
  },
  timeout: {
    explanation: 'The request took longer than the node waits, so n8n gave up.',
    fixes: ['Raise Options → Timeout in the HTTP Request node.', 'Send fewer items at once with Options → Batching, or ask the API for smaller pages (Options → Pagination).', 'Turn on Settings → Retry On Fail for occasional slowness.'],
  },
  dns: {
    explanation: 'The host name in the URL could not be resolved: a typo, or a name that only exists on another network.',
    fixes: ['Check the host name in the URL field for typos.', 'If the host is internal, make sure the machine running n8n can resolve it (DNS, /etc/hosts, Docker network).'],
  },
  invalid_json: {
    explanation: 'Some JSON could not be read: the body the node was told to send, or the answer the API returned, is not valid JSON.',
    fixes: [
      'If Send Body uses JSON, check the JSON field: expressions must produce valid JSON (wrap text values in quotes, use {{ JSON.stringify(...) }} for objects).',
      'If the API answers with text or HTML, set Options → Response → Response Format to Text.',
    ],
  },
  expression: {
    explanation: 'An expression in the node could not be evaluated: it refers to a node that did not run (or does not exist) in this execution, or to data that is not there.',
    fixes: [
      'Open the node and find the expression with $("…"): the referenced node must be connected before this one and must have run in this execution.',
      'If that node only runs on some branches, guard the expression, e.g. {{ $("Node").isExecuted ? $("Node").item.json.id : "" }}.',
      'Rename references after renaming a node: expressions use the node name.',
    ],
  },
  code: {
    explanation: 'The JavaScript in the Code node threw an error while running on the incoming items.',
    fixes: [
      'Open the Code node at the line in the message and check the values it reads: an incoming item may lack a field (null or undefined).',
      'Guard optional fields with optional chaining (item.json.order?.total) and a default.',
      'Pin the failing input (in the input panel) and run the node alone to reproduce it.',
    ],
  },
  credentials_missing: {
    explanation: 'The node needs a credential but none is selected, or the selected one was deleted.',
    fixes: ['Open the node, choose Authentication, and select or create the credential it asks for.', 'After importing a workflow, re-select credentials in every node that uses one.'],
  },
  unknown: {
    explanation: 'The node failed with an error that is not in the offline knowledge base.',
    fixes: ['Open the execution in n8n and read the full error in the failing node.', 'Turn on Settings → Retry On Fail if the failure is intermittent.'],
  },
};

/**
 * The same knowledge in Arabic, entry for entry (n8n's own setting names stay as n8n shows them,
 * in English). The panel shows it when its language is Arabic and the digest's words are the
 * offline base's own (an LLM's explanation is shown as written).
 */
export const KNOWLEDGE_AR: Record<ErrorCategory, { explanation: string; fixes: string[] }> = {
  auth: {
    explanation: 'رفضت الواجهة البرمجية الطلب لأن بيانات الاعتماد مفقودة أو خاطئة أو منتهية الصلاحية أو تنقصها صلاحية (HTTP 401 أو 403).',
    fixes: [
      'افتح العقدة وتحقق من بيانات الاعتماد المختارة (Authentication → Generic Credential Type → بيانات الاعتماد): ربما انتهت صلاحية الرمز أو المفتاح أو استُبدل.',
      'في حالة 403، امنح المفتاح أو تطبيق OAuth النطاق الذي تحتاجه نقطة النهاية، ثم أعد ربط بيانات الاعتماد.',
      'احفظ الرموز في بيانات اعتماد (Header Auth أو Bearer Auth) لا في ترويسة عادية، فيُصلح تحديث واحد كل العقد.',
    ],
  },
  not_found: {
    explanation: 'وصل الطلب إلى العنوان لكن المورد غير موجود هناك (HTTP 404): مسار خاطئ، أو معرّف غير موجود، أو عنصر محذوف.',
    fixes: [
      'تحقق من حقل URL: المسار وأي معرّف تُدرجه تعبيرات n8n (افتح لوحة الإدخال لترى قيم هذا العنصر).',
      'إن كان غياب بعض العناصر متوقعًا، فعّل Settings → On Error → Continue (using error output) وعالج فرع 404.',
    ],
  },
  rate_limit: {
    explanation: 'تحدّ الواجهة البرمجية من سرعة سير العمل (HTTP 429): طلبات كثيرة في وقت قصير.',
    fixes: [
      'في عقدة HTTP Request افتح Options → Batching وأرسل عناصر أقل في كل دفعة مع فاصل بين الدفعات.',
      'فعّل Settings → Retry On Fail مع Wait Between Tries لبضع ثوانٍ (ترويسة Retry-After من الواجهة تقول كم تنتظر).',
      'ضع عقدة Wait قبل الطلب، أو كرّر بـ Loop Over Items مع Wait، للقوائم الكبيرة.',
    ],
  },
  server_error: {
    explanation: 'فشلت الواجهة البرمجية من جهتها (HTTP 5xx). قد يكون الطلب سليمًا؛ الخدمة متوقفة أو مثقلة أو أصابها خلل.',
    fixes: ['فعّل Settings → Retry On Fail (ثلاث محاولات، و5000 ms بين المحاولات).', 'راجع صفحة حالة الخدمة؛ وإن استمر الخطأ فافحص الجسم الذي أرسلته العقدة في لوحة الإدخال.'],
  },
  connection: {
    explanation: 'لم يستطع n8n فتح اتصال بالمضيف: لا شيء يستمع على ذلك العنوان والمنفذ، أو يرفضه جدار حماية.',
    fixes: [
      'تحقق من حقل URL: المضيف والمنفذ صحيحان، والخدمة تعمل.',
      'إن كان n8n يعمل في Docker فإن "localhost" تعني الحاوية نفسها: استخدم اسم الخدمة أو host.docker.internal.',
      'فعّل Settings → Retry On Fail إن كانت الخدمة تُعاد تشغيلها من حين لآخر.',
    ],
  },
  timeout: {
    explanation: 'استغرق الطلب أطول مما تنتظره العقدة، فتوقف n8n عن الانتظار.',
    fixes: ['ارفع Options → Timeout في عقدة HTTP Request.', 'أرسل عناصر أقل في المرة عبر Options → Batching، أو اطلب صفحات أصغر من الواجهة (Options → Pagination).', 'فعّل Settings → Retry On Fail للبطء العارض.'],
  },
  dns: {
    explanation: 'تعذّر تحويل اسم المضيف في الرابط إلى عنوان: خطأ إملائي، أو اسم لا يوجد إلا على شبكة أخرى.',
    fixes: ['تحقق من اسم المضيف في حقل URL بحثًا عن أخطاء إملائية.', 'إن كان المضيف داخليًا فتأكد أن الجهاز الذي يشغّل n8n يستطيع تحويله (DNS أو /etc/hosts أو شبكة Docker).'],
  },
  invalid_json: {
    explanation: 'تعذّرت قراءة JSON: الجسم الذي طُلب من العقدة إرساله، أو الرد الذي أعادته الواجهة، ليس JSON صالحًا.',
    fixes: [
      'إن كان Send Body يستخدم JSON فافحص حقل JSON: يجب أن تُنتج التعبيرات JSON صالحًا (ضع القيم النصية بين علامتي تنصيص، واستخدم {{ JSON.stringify(...) }} للكائنات).',
      'إن كانت الواجهة ترد بنص أو HTML فاضبط Options → Response → Response Format على Text.',
    ],
  },
  expression: {
    explanation: 'تعذّر حساب تعبير في العقدة: يشير إلى عقدة لم تعمل (أو غير موجودة) في هذا التنفيذ، أو إلى بيانات غير موجودة.',
    fixes: [
      'افتح العقدة وابحث عن التعبير الذي فيه $("…"): يجب أن تكون العقدة المشار إليها متصلة قبل هذه العقدة وأن تكون قد عملت في هذا التنفيذ.',
      'إن كانت تلك العقدة لا تعمل إلا في بعض الفروع فاحمِ التعبير، مثلًا {{ $("Node").isExecuted ? $("Node").item.json.id : "" }}.',
      'حدّث الإشارات بعد إعادة تسمية عقدة: التعبيرات تستخدم اسم العقدة.',
    ],
  },
  code: {
    explanation: 'رمت شيفرة JavaScript في عقدة Code خطأً أثناء عملها على العناصر الواردة.',
    fixes: [
      'افتح عقدة Code عند السطر المذكور في الرسالة وافحص القيم التي تقرؤها: قد يفتقد عنصر وارد حقلًا (null أو undefined).',
      'احمِ الحقول الاختيارية بـ optional chaining (item.json.order?.total) وقيمة افتراضية.',
      'ثبّت المدخلات الفاشلة (في لوحة الإدخال) وشغّل العقدة وحدها لإعادة إنتاج الخطأ.',
    ],
  },
  credentials_missing: {
    explanation: 'تحتاج العقدة إلى بيانات اعتماد لكن لم يُختر شيء، أو حُذفت بيانات الاعتماد المختارة.',
    fixes: ['افتح العقدة، واختر Authentication، ثم اختر بيانات الاعتماد التي تطلبها أو أنشئها.', 'بعد استيراد سير عمل، أعد اختيار بيانات الاعتماد في كل عقدة تستخدمها.'],
  },
  unknown: {
    explanation: 'فشلت العقدة بخطأ غير موجود في قاعدة المعرفة المحلية.',
    fixes: ['افتح التنفيذ في n8n واقرأ الخطأ كاملًا في العقدة الفاشلة.', 'فعّل Settings → Retry On Fail إن كان الفشل متقطعًا.'],
  },
};

/**
 * A digest's explanation and fixes in the UI's language: the Arabic entry when the digest's words
 * are the offline base's own, the digest's words otherwise (an LLM's, or a language without a table).
 */
export function knowledgeIn(language: string, digest: { error: { category: ErrorCategory } | null; explanation: string | null; fixes: string[] }): { explanation: string | null; fixes: string[] } {
  const category = digest.error?.category;
  if (!category || language.split('-')[0] !== 'ar' || digest.explanation !== KNOWLEDGE[category].explanation) return { explanation: digest.explanation, fixes: digest.fixes };
  return KNOWLEDGE_AR[category];
}
