import { describe, expect, it } from '@jest/globals';
import { isSpaceId } from '../../lib/protocol/space-id';
import { readSpaceStage } from '../../lib/protocol/space-stage';

describe('readSpaceStage', () => {
  it.each([
    ['RUNNING', 'running', 'running'],
    ['RUNNING_BUILDING', 'running', 'running'],
    ['SLEEPING', 'waiting', 'sleeping'],
    ['STOPPED', 'waiting', 'sleeping'],
    ['BUILDING', 'waiting', 'building'],
    ['APP_STARTING', 'waiting', 'starting'],
  ])('%s → %s / %s', (hubStage, kind, stage) => {
    expect(readSpaceStage(hubStage)).toMatchObject({ kind, stage });
  });

  it.each([
    'PAUSED',
    'BUILD_ERROR',
    'RUNTIME_ERROR',
    'NO_APP_FILE',
    'CONFIG_ERROR',
    'DELETING',
    'SOMETHING_NEW',
  ])('%s is a failure with advice', (hubStage) => {
    const reading = readSpaceStage(hubStage);
    expect(reading.kind).toBe('failed');
    expect(reading.message.length).toBeGreaterThan(20);
  });
});

describe('isSpaceId', () => {
  it.each(['owner/space', 'a-b/c.d_e', ' owner/space '])('accepts %p', (id) =>
    expect(isSpaceId(id)).toBe(true),
  );
  it.each(['http://h/x', 'owner', 'a/b/c', 'owner/sp ace', ''])('rejects %p', (id) =>
    expect(isSpaceId(id)).toBe(false),
  );
});
