import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../common/i18n.ts';
import { FailureDetail } from './dashboard.tsx';

// The dashboard's failure view for an execution whose failing node received nothing: a trigger,
// or the first node to run. Built from an execution recorded on the real n8n (a Code node that
// fails after a Webhook), with the Webhook's run taken out, so the failing node is the first to
// run and has no source, as n8n records a first node.
const recorded = () => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/tests/fixtures/executions/code-error.json'), 'utf8')) as { data: { resultData: { runData: Record<string, { source: unknown[] }[]> } } };

describe('failure view', () => {
  afterEach(cleanup);

  it('a failure with no input items: names the node and the error, and says nothing came in', () => {
    const execution = recorded();
    const runData = execution.data.resultData.runData;
    delete runData.Webhook;
    runData['Compute Total']![0]!.source = [];
    const digest = summarizeExecution(execution);
    expect(digest.inputItems).toEqual({ items: [], total: 0, truncated: false });

    render(<FailureDetail digest={digest} />);
    expect(screen.getByTestId('failing-node').textContent).toContain('Compute Total');
    expect(screen.getByTestId('error-text').textContent).toContain("Cannot read properties of null (reading 'toFixed')");
    expect(screen.getByTestId('no-input-items').textContent).toBe(t('failureNoInput'));
    expect(screen.queryByTestId('input-items')).toBeNull();
  });

  it('the same failure after its Webhook: the items it received, and no "no input" line', () => {
    const digest = summarizeExecution(recorded());
    expect(digest.inputItems.total).toBeGreaterThan(0);
    render(<FailureDetail digest={digest} />);
    expect(screen.getByTestId('failing-node').textContent).toContain('Compute Total');
    expect(JSON.parse(screen.getByTestId('input-items').textContent!)).toEqual(digest.inputItems.items);
    expect(screen.queryByTestId('no-input-items')).toBeNull();
  });

  it('an error n8n names no node for: says so instead of listing items', () => {
    const execution = recorded();
    const digest = { ...summarizeExecution(execution), failingNode: null, inputItems: { items: [], total: 0, truncated: false } };
    render(<FailureDetail digest={digest} />);
    expect(screen.getByTestId('no-input-items').textContent).toBe(t('failureNoInputNoNode'));
  });
});
