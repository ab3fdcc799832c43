import type { BuiltinTemplateInput } from './schema.ts';

// Built-in templates for APIs people call by hand from n8n's HTTP Request node. Each one was
// written from the service's public API reference, linked in docsUrl. `{{name}}` marks what the
// user fills in; secrets are placeholders that toHttpRequestNode turns into n8n credentials.
const json = (value: unknown) => JSON.stringify(value, null, 2);
const GITHUB_HEADERS = [{ name: 'Accept', value: 'application/vnd.github+json' }, { name: 'X-GitHub-Api-Version', value: '2022-11-28' }];

export const BUILTIN_TEMPLATES: BuiltinTemplateInput[] = [
  {
    v: 1, id: 'stripe.create-customer', service: 'Stripe', name: 'Create a customer', tags: ['payments', 'crm'],
    description: 'Creates a Stripe customer with an email and a name.',
    docsUrl: 'https://docs.stripe.com/api/customers/create',
    request: { v: 1, method: 'POST', url: 'https://api.stripe.com/v1/customers', auth: { type: 'basic', username: '{{stripeSecretKey}}', password: '' }, body: { mode: 'form', fields: [{ name: 'email', value: '{{email}}' }, { name: 'name', value: '{{name}}' }] } },
  },
  {
    v: 1, id: 'stripe.create-payment-intent', service: 'Stripe', name: 'Create a payment intent', tags: ['payments', 'checkout'],
    description: 'Creates a PaymentIntent for an amount in the smallest currency unit (cents).',
    docsUrl: 'https://docs.stripe.com/api/payment_intents/create',
    request: { v: 1, method: 'POST', url: 'https://api.stripe.com/v1/payment_intents', auth: { type: 'basic', username: '{{stripeSecretKey}}', password: '' }, body: { mode: 'form', fields: [{ name: 'amount', value: '{{amountInCents}}' }, { name: 'currency', value: 'usd' }, { name: 'automatic_payment_methods[enabled]', value: 'true' }] } },
  },
  {
    v: 1, id: 'stripe.list-invoices', service: 'Stripe', name: 'List invoices of a customer', tags: ['payments', 'billing'],
    description: 'Lists the most recent invoices of one customer.',
    docsUrl: 'https://docs.stripe.com/api/invoices/list',
    request: { v: 1, method: 'GET', url: 'https://api.stripe.com/v1/invoices', query: [{ name: 'customer', value: '{{customerId}}' }, { name: 'limit', value: '10' }], auth: { type: 'basic', username: '{{stripeSecretKey}}', password: '' } },
  },
  {
    v: 1, id: 'github.create-issue', service: 'GitHub', name: 'Create an issue', tags: ['issues', 'dev'],
    description: 'Opens an issue in a repository.',
    docsUrl: 'https://docs.github.com/en/rest/issues/issues#create-an-issue',
    request: { v: 1, method: 'POST', url: 'https://api.github.com/repos/{{owner}}/{{repo}}/issues', headers: GITHUB_HEADERS, auth: { type: 'bearer', token: '{{githubToken}}' }, body: { mode: 'json', text: json({ title: '{{title}}', body: '{{body}}', labels: ['bug'] }) } },
  },
  {
    v: 1, id: 'github.close-issue', service: 'GitHub', name: 'Close an issue', tags: ['issues', 'dev'],
    description: 'Closes an issue as completed (an update of its state).',
    docsUrl: 'https://docs.github.com/en/rest/issues/issues#update-an-issue',
    request: { v: 1, method: 'PATCH', url: 'https://api.github.com/repos/{{owner}}/{{repo}}/issues/{{issueNumber}}', headers: GITHUB_HEADERS, auth: { type: 'bearer', token: '{{githubToken}}' }, body: { mode: 'json', text: json({ state: 'closed', state_reason: 'completed' }) } },
  },
  {
    v: 1, id: 'github.dispatch-workflow', service: 'GitHub', name: 'Run a GitHub Actions workflow', tags: ['ci', 'dev'],
    description: 'Triggers a workflow_dispatch event for a workflow file on a branch.',
    docsUrl: 'https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event',
    request: { v: 1, method: 'POST', url: 'https://api.github.com/repos/{{owner}}/{{repo}}/actions/workflows/{{workflowFile}}/dispatches', headers: GITHUB_HEADERS, auth: { type: 'bearer', token: '{{githubToken}}' }, body: { mode: 'json', text: json({ ref: 'main', inputs: {} }) } },
  },
  {
    v: 1, id: 'slack.post-message', service: 'Slack', name: 'Send a message to a channel', tags: ['chat', 'notifications'],
    description: 'Posts a message as the bot (chat.postMessage).',
    docsUrl: 'https://api.slack.com/methods/chat.postMessage',
    request: { v: 1, method: 'POST', url: 'https://slack.com/api/chat.postMessage', auth: { type: 'bearer', token: '{{slackBotToken}}' }, body: { mode: 'json', text: json({ channel: '{{channelId}}', text: '{{text}}' }) } },
  },
  {
    v: 1, id: 'openai.chat-completion', service: 'OpenAI', name: 'Create a chat completion', tags: ['ai', 'llm'],
    description: 'Sends a prompt to a chat model and returns its answer.',
    docsUrl: 'https://platform.openai.com/docs/api-reference/chat/create',
    request: { v: 1, method: 'POST', url: 'https://api.openai.com/v1/chat/completions', auth: { type: 'bearer', token: '{{openaiApiKey}}' }, body: { mode: 'json', text: json({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '{{prompt}}' }] }) } },
  },
  {
    v: 1, id: 'anthropic.create-message', service: 'Anthropic', name: 'Create a message with Claude', tags: ['ai', 'llm'],
    description: 'Sends a prompt to a Claude model (Messages API).',
    docsUrl: 'https://docs.anthropic.com/en/api/messages',
    request: { v: 1, method: 'POST', url: 'https://api.anthropic.com/v1/messages', headers: [{ name: 'anthropic-version', value: '2023-06-01' }], auth: { type: 'apiKeyHeader', name: 'x-api-key', value: '{{anthropicApiKey}}' }, body: { mode: 'json', text: json({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: '{{prompt}}' }] }) } },
  },
  {
    v: 1, id: 'notion.create-page', service: 'Notion', name: 'Create a page in a database', tags: ['docs', 'database'],
    description: 'Adds a row (page) to a Notion database with a title.',
    docsUrl: 'https://developers.notion.com/reference/post-page',
    request: { v: 1, method: 'POST', url: 'https://api.notion.com/v1/pages', headers: [{ name: 'Notion-Version', value: '2022-06-28' }], auth: { type: 'bearer', token: '{{notionToken}}' }, body: { mode: 'json', text: json({ parent: { database_id: '{{databaseId}}' }, properties: { Name: { title: [{ text: { content: '{{title}}' } }] } } }) } },
  },
  {
    v: 1, id: 'notion.query-database', service: 'Notion', name: 'Query a database', tags: ['docs', 'database'],
    description: 'Lists the pages of a Notion database, optionally filtered and sorted.',
    docsUrl: 'https://developers.notion.com/reference/post-database-query',
    request: { v: 1, method: 'POST', url: 'https://api.notion.com/v1/databases/{{databaseId}}/query', headers: [{ name: 'Notion-Version', value: '2022-06-28' }], auth: { type: 'bearer', token: '{{notionToken}}' }, body: { mode: 'json', text: json({ page_size: 100 }) } },
  },
  {
    v: 1, id: 'airtable.create-records', service: 'Airtable', name: 'Create records', tags: ['database', 'spreadsheet'],
    description: 'Creates up to 10 records in a table.',
    docsUrl: 'https://airtable.com/developers/web/api/create-records',
    request: { v: 1, method: 'POST', url: 'https://api.airtable.com/v0/{{baseId}}/{{tableIdOrName}}', auth: { type: 'bearer', token: '{{airtableToken}}' }, body: { mode: 'json', text: json({ records: [{ fields: { Name: '{{name}}' } }] }) } },
  },
  {
    v: 1, id: 'airtable.list-records', service: 'Airtable', name: 'List records', tags: ['database', 'spreadsheet'],
    description: 'Lists records of a table, 100 per page (use the offset for the next page).',
    docsUrl: 'https://airtable.com/developers/web/api/list-records',
    request: { v: 1, method: 'GET', url: 'https://api.airtable.com/v0/{{baseId}}/{{tableIdOrName}}', query: [{ name: 'pageSize', value: '100' }], auth: { type: 'bearer', token: '{{airtableToken}}' } },
  },
  {
    v: 1, id: 'hubspot.create-contact', service: 'HubSpot', name: 'Create a contact', tags: ['crm', 'marketing'],
    description: 'Creates a CRM contact with an email, first and last name.',
    docsUrl: 'https://developers.hubspot.com/docs/api/crm/contacts',
    request: { v: 1, method: 'POST', url: 'https://api.hubapi.com/crm/v3/objects/contacts', auth: { type: 'bearer', token: '{{hubspotPrivateAppToken}}' }, body: { mode: 'json', text: json({ properties: { email: '{{email}}', firstname: '{{firstName}}', lastname: '{{lastName}}' } }) } },
  },
  {
    v: 1, id: 'twilio.send-sms', service: 'Twilio', name: 'Send an SMS', tags: ['sms', 'notifications'],
    description: 'Sends a text message from one of your Twilio numbers.',
    docsUrl: 'https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource',
    request: { v: 1, method: 'POST', url: 'https://api.twilio.com/2010-04-01/Accounts/{{accountSid}}/Messages.json', auth: { type: 'basic', username: '{{accountSid}}', password: '{{authToken}}' }, body: { mode: 'form', fields: [{ name: 'To', value: '{{to}}' }, { name: 'From', value: '{{from}}' }, { name: 'Body', value: '{{text}}' }] } },
  },
  {
    v: 1, id: 'sendgrid.send-email', service: 'SendGrid', name: 'Send an email', tags: ['email', 'notifications'],
    description: 'Sends one email through the v3 Mail Send endpoint.',
    docsUrl: 'https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send',
    request: { v: 1, method: 'POST', url: 'https://api.sendgrid.com/v3/mail/send', auth: { type: 'bearer', token: '{{sendgridApiKey}}' }, body: { mode: 'json', text: json({ personalizations: [{ to: [{ email: '{{to}}' }] }], from: { email: '{{from}}' }, subject: '{{subject}}', content: [{ type: 'text/plain', value: '{{text}}' }] }) } },
  },
  {
    v: 1, id: 'mailgun.send-message', service: 'Mailgun', name: 'Send an email', tags: ['email', 'notifications'],
    description: 'Sends an email from one of your Mailgun domains.',
    docsUrl: 'https://documentation.mailgun.com/docs/mailgun/api-reference/openapi-final/tag/Messages/',
    request: { v: 1, method: 'POST', url: 'https://api.mailgun.net/v3/{{domain}}/messages', auth: { type: 'basic', username: 'api', password: '{{mailgunApiKey}}' }, body: { mode: 'form', fields: [{ name: 'from', value: '{{from}}' }, { name: 'to', value: '{{to}}' }, { name: 'subject', value: '{{subject}}' }, { name: 'text', value: '{{text}}' }] } },
  },
  {
    v: 1, id: 'postmark.send-email', service: 'Postmark', name: 'Send an email', tags: ['email', 'notifications'],
    description: 'Sends a single transactional email.',
    docsUrl: 'https://postmarkapp.com/developer/api/email-api',
    request: { v: 1, method: 'POST', url: 'https://api.postmarkapp.com/email', headers: [{ name: 'Accept', value: 'application/json' }], auth: { type: 'apiKeyHeader', name: 'X-Postmark-Server-Token', value: '{{postmarkServerToken}}' }, body: { mode: 'json', text: json({ From: '{{from}}', To: '{{to}}', Subject: '{{subject}}', TextBody: '{{text}}', MessageStream: 'outbound' }) } },
  },
  {
    v: 1, id: 'discord.execute-webhook', service: 'Discord', name: 'Post a message through a webhook', tags: ['chat', 'notifications'],
    description: 'Posts a message to a channel through its webhook URL.',
    docsUrl: 'https://discord.com/developers/docs/resources/webhook#execute-webhook',
    request: { v: 1, method: 'POST', url: 'https://discord.com/api/webhooks/{{webhookId}}/{{webhookToken}}', body: { mode: 'json', text: json({ content: '{{text}}', username: 'n8n' }) } },
  },
  {
    v: 1, id: 'telegram.send-message', service: 'Telegram', name: 'Send a message', tags: ['chat', 'notifications', 'bot'],
    description: 'Sends a text message from your bot to a chat.',
    docsUrl: 'https://core.telegram.org/bots/api#sendmessage',
    request: { v: 1, method: 'POST', url: 'https://api.telegram.org/bot{{botToken}}/sendMessage', body: { mode: 'json', text: json({ chat_id: '{{chatId}}', text: '{{text}}' }) } },
  },
  {
    v: 1, id: 'google-sheets.append-values', service: 'Google Sheets', name: 'Append rows to a sheet', tags: ['spreadsheet', 'google'],
    description: 'Appends rows after the last row of a range.',
    docsUrl: 'https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append',
    request: { v: 1, method: 'POST', url: 'https://sheets.googleapis.com/v4/spreadsheets/{{spreadsheetId}}/values/{{range}}:append', query: [{ name: 'valueInputOption', value: 'USER_ENTERED' }], auth: { type: 'oauth2', grantType: 'authorizationCode', authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth', tokenUrl: 'https://oauth2.googleapis.com/token', scopes: ['https://www.googleapis.com/auth/spreadsheets'] }, body: { mode: 'json', text: json({ values: [['{{column1}}', '{{column2}}']] }) } },
  },
  {
    v: 1, id: 'shopify.list-orders', service: 'Shopify', name: 'List orders', tags: ['ecommerce'],
    description: 'Lists orders of a shop, including closed and cancelled ones.',
    docsUrl: 'https://shopify.dev/docs/api/admin-rest/2024-10/resources/order',
    request: { v: 1, method: 'GET', url: 'https://{{shop}}.myshopify.com/admin/api/2024-10/orders.json', query: [{ name: 'status', value: 'any' }, { name: 'limit', value: '50' }], auth: { type: 'apiKeyHeader', name: 'X-Shopify-Access-Token', value: '{{shopifyAccessToken}}' } },
  },
  {
    v: 1, id: 'jira.create-issue', service: 'Jira', name: 'Create an issue', tags: ['issues', 'project management'],
    description: 'Creates a Jira Cloud issue in a project.',
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post',
    request: { v: 1, method: 'POST', url: 'https://{{site}}.atlassian.net/rest/api/3/issue', auth: { type: 'basic', username: '{{email}}', password: '{{jiraApiToken}}' }, body: { mode: 'json', text: json({ fields: { project: { key: '{{projectKey}}' }, summary: '{{summary}}', issuetype: { name: 'Task' } } }) } },
  },
  {
    v: 1, id: 'linear.create-issue', service: 'Linear', name: 'Create an issue', tags: ['issues', 'project management', 'graphql'],
    description: 'Creates an issue in a team through the GraphQL API.',
    docsUrl: 'https://linear.app/developers/graphql',
    request: { v: 1, method: 'POST', url: 'https://api.linear.app/graphql', auth: { type: 'apiKeyHeader', name: 'Authorization', value: '{{linearApiKey}}' }, body: { mode: 'json', text: json({ query: 'mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier url } } }', variables: { input: { teamId: '{{teamId}}', title: '{{title}}' } } }) } },
  },
  {
    v: 1, id: 'trello.create-card', service: 'Trello', name: 'Create a card', tags: ['project management'],
    description: 'Adds a card to a list.',
    docsUrl: 'https://developer.atlassian.com/cloud/trello/rest/api-group-cards/#api-cards-post',
    request: { v: 1, method: 'POST', url: 'https://api.trello.com/1/cards', query: [{ name: 'idList', value: '{{listId}}' }, { name: 'name', value: '{{name}}' }, { name: 'token', value: '{{trelloToken}}' }], auth: { type: 'apiKeyQuery', name: 'key', value: '{{trelloApiKey}}' } },
  },
  {
    v: 1, id: 'mailchimp.add-member', service: 'Mailchimp', name: 'Add a subscriber to an audience', tags: ['email', 'marketing'],
    description: 'Adds a member to a list (audience) as subscribed.',
    docsUrl: 'https://mailchimp.com/developer/marketing/api/list-members/add-member-to-list/',
    request: { v: 1, method: 'POST', url: 'https://{{dc}}.api.mailchimp.com/3.0/lists/{{listId}}/members', auth: { type: 'basic', username: 'anystring', password: '{{mailchimpApiKey}}' }, body: { mode: 'json', text: json({ email_address: '{{email}}', status: 'subscribed' }) } },
  },
  {
    v: 1, id: 'zendesk.create-ticket', service: 'Zendesk', name: 'Create a ticket', tags: ['support'],
    description: 'Opens a support ticket with a subject and a first comment.',
    docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket',
    request: { v: 1, method: 'POST', url: 'https://{{subdomain}}.zendesk.com/api/v2/tickets', auth: { type: 'basic', username: '{{email}}/token', password: '{{zendeskApiToken}}' }, body: { mode: 'json', text: json({ ticket: { subject: '{{subject}}', comment: { body: '{{body}}' } } }) } },
  },
  {
    v: 1, id: 'pipedrive.add-deal', service: 'Pipedrive', name: 'Add a deal', tags: ['crm', 'sales'],
    description: 'Creates a deal with a title and a value.',
    docsUrl: 'https://developers.pipedrive.com/docs/api/v1/Deals#addDeal',
    request: { v: 1, method: 'POST', url: 'https://{{companyDomain}}.pipedrive.com/api/v1/deals', auth: { type: 'apiKeyQuery', name: 'api_token', value: '{{pipedriveApiToken}}' }, body: { mode: 'json', text: json({ title: '{{title}}', value: 1000, currency: 'USD' }) } },
  },
  {
    v: 1, id: 'asana.create-task', service: 'Asana', name: 'Create a task', tags: ['project management'],
    description: 'Creates a task in a project.',
    docsUrl: 'https://developers.asana.com/reference/createtask',
    request: { v: 1, method: 'POST', url: 'https://app.asana.com/api/1.0/tasks', auth: { type: 'bearer', token: '{{asanaToken}}' }, body: { mode: 'json', text: json({ data: { name: '{{name}}', projects: ['{{projectGid}}'] } }) } },
  },
  {
    v: 1, id: 'clickup.create-task', service: 'ClickUp', name: 'Create a task', tags: ['project management'],
    description: 'Creates a task in a list.',
    docsUrl: 'https://developer.clickup.com/reference/createtask',
    request: { v: 1, method: 'POST', url: 'https://api.clickup.com/api/v2/list/{{listId}}/task', auth: { type: 'apiKeyHeader', name: 'Authorization', value: '{{clickupApiToken}}' }, body: { mode: 'json', text: json({ name: '{{name}}', description: '{{description}}' }) } },
  },
  {
    v: 1, id: 'monday.create-item', service: 'monday.com', name: 'Create an item on a board', tags: ['project management', 'graphql'],
    description: 'Creates an item on a board through the GraphQL API.',
    docsUrl: 'https://developer.monday.com/api-reference/reference/items',
    request: { v: 1, method: 'POST', url: 'https://api.monday.com/v2', headers: [{ name: 'API-Version', value: '2024-10' }], auth: { type: 'apiKeyHeader', name: 'Authorization', value: '{{mondayApiToken}}' }, body: { mode: 'json', text: json({ query: 'mutation { create_item (board_id: {{boardId}}, item_name: "{{itemName}}") { id } }' }) } },
  },
  {
    v: 1, id: 'dropbox.list-folder', service: 'Dropbox', name: 'List a folder', tags: ['files', 'storage'],
    description: 'Lists the files and folders in a path.',
    docsUrl: 'https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder',
    request: { v: 1, method: 'POST', url: 'https://api.dropboxapi.com/2/files/list_folder', auth: { type: 'bearer', token: '{{dropboxAccessToken}}' }, body: { mode: 'json', text: json({ path: '{{path}}', recursive: false }) } },
  },
  {
    v: 1, id: 'calendly.list-events', service: 'Calendly', name: 'List scheduled events', tags: ['calendar', 'scheduling'],
    description: 'Lists the scheduled events of a user.',
    docsUrl: 'https://developer.calendly.com/api-docs/2d5ed9bbd2952-list-events',
    request: { v: 1, method: 'GET', url: 'https://api.calendly.com/scheduled_events', query: [{ name: 'user', value: '{{userUri}}' }, { name: 'status', value: 'active' }], auth: { type: 'bearer', token: '{{calendlyToken}}' } },
  },
  {
    v: 1, id: 'typeform.list-responses', service: 'Typeform', name: 'Retrieve form responses', tags: ['forms', 'surveys'],
    description: 'Lists the submitted responses of a form.',
    docsUrl: 'https://www.typeform.com/developers/responses/reference/retrieve-responses/',
    request: { v: 1, method: 'GET', url: 'https://api.typeform.com/forms/{{formId}}/responses', query: [{ name: 'page_size', value: '25' }], auth: { type: 'bearer', token: '{{typeformToken}}' } },
  },
  {
    v: 1, id: 'intercom.create-contact', service: 'Intercom', name: 'Create a contact', tags: ['support', 'crm'],
    description: 'Creates a user or lead contact.',
    docsUrl: 'https://developers.intercom.com/docs/references/rest-api/api.intercom.io/contacts/createcontact',
    request: { v: 1, method: 'POST', url: 'https://api.intercom.io/contacts', headers: [{ name: 'Intercom-Version', value: '2.11' }], auth: { type: 'bearer', token: '{{intercomAccessToken}}' }, body: { mode: 'json', text: json({ role: 'user', email: '{{email}}' }) } },
  },
  {
    v: 1, id: 'zoom.create-meeting', service: 'Zoom', name: 'Create a meeting', tags: ['video', 'calendar'],
    description: 'Schedules a meeting for the authenticated user.',
    docsUrl: 'https://developers.zoom.us/docs/api/meetings/',
    request: { v: 1, method: 'POST', url: 'https://api.zoom.us/v2/users/me/meetings', auth: { type: 'bearer', token: '{{zoomAccessToken}}' }, body: { mode: 'json', text: json({ topic: '{{topic}}', type: 2, start_time: '{{startTime}}', duration: 30 }) } },
  },
  {
    v: 1, id: 'x.create-post', service: 'X (Twitter)', name: 'Create a post', tags: ['social'],
    description: 'Publishes a post (tweet) as the authenticated user.',
    docsUrl: 'https://docs.x.com/x-api/posts/creation-of-a-post',
    request: { v: 1, method: 'POST', url: 'https://api.x.com/2/tweets', auth: { type: 'bearer', token: '{{xUserAccessToken}}' }, body: { mode: 'json', text: json({ text: '{{text}}' }) } },
  },
  {
    v: 1, id: 'openweather.current-weather', service: 'OpenWeather', name: 'Get the current weather for a city', tags: ['weather'],
    description: 'Returns the current weather for a city name, in metric units.',
    docsUrl: 'https://openweathermap.org/current',
    request: { v: 1, method: 'GET', url: 'https://api.openweathermap.org/data/2.5/weather', query: [{ name: 'q', value: '{{city}}' }, { name: 'units', value: 'metric' }], auth: { type: 'apiKeyQuery', name: 'appid', value: '{{openWeatherApiKey}}' } },
  },
];
