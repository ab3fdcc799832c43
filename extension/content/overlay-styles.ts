/** The overlay's own CSS, inside its Shadow DOM (n8n's styles never reach it, and ours never leak). */
export const OVERLAY_CSS = `
:host { all: initial; }
.panel { position: fixed; top: 56px; bottom: 12px; inset-inline-end: 12px; width: var(--ai-http-width, 380px); min-width: 280px; max-width: 70vw;
  display: flex; flex-direction: column; font: 13px/1.45 system-ui, sans-serif; color: #1f2328; background: #fff; border: 1px solid #d0d7de;
  border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.15); z-index: 2147483000; }
.panel[data-theme="dark"] { color: #e6edf3; background: #161b22; border-color: #30363d; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; justify-content: space-between; padding: 6px 10px; border-bottom: 1px solid #d0d7de; font-weight: 600; }
.body { overflow: auto; padding: 8px 10px; flex: 1; }
.resize { position: absolute; inset-block: 0; inset-inline-start: -4px; width: 8px; cursor: ew-resize; }
h2 { font-size: 14px; margin: 4px 0; } h3 { font-size: 12px; margin: 10px 0 4px; text-transform: uppercase; opacity: .75; }
ol.executions { list-style: none; padding: 0; margin: 0; max-height: 30vh; overflow: auto; }
ol.executions button { all: unset; cursor: pointer; display: block; width: 100%; padding: 3px 4px; border-radius: 4px; }
ol.executions li.selected button { background: rgba(9,105,218,.12); }
.status { font-weight: 600; } .status.error, .status.crashed { color: #cf222e; } .status.success { color: #1a7f37; }
pre { max-height: 240px; overflow: auto; background: rgba(127,127,127,.1); padding: 6px; border-radius: 4px; font-size: 12px; }
.actions { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
.timeline .bar { box-sizing: border-box; padding: 1px 4px; margin-block: 2px; border-radius: 3px; background: #54aeff; color: #000; white-space: nowrap; font-size: 11px; min-width: 2%; }
.timeline .bar.error { background: #ff8182; }
.items-tree { height: 320px; overflow: auto; background: rgba(127,127,127,.1); border-radius: 4px; font: 12px/20px ui-monospace, monospace; }
.items-tree .row { position: absolute; top: 0; inset-inline: 0; box-sizing: border-box; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.items-tree .row.object, .items-tree .row.array { cursor: pointer; }
.items-tree .twisty { display: inline-block; width: 12px; } .items-tree .key { opacity: .75; } .items-tree .size { opacity: .6; }
`;
