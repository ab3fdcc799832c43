/** n8n node type names AI-HTTP reads or writes (a module without dependencies, for small bundles). */
export const HTTP_REQUEST_NODE_TYPE = 'n8n-nodes-base.httpRequest';
