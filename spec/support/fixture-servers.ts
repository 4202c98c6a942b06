import type { ServerSpec } from '../../scripts/gradio-server';

/**
 * The fixture servers the specs run against. Each entry is one Python process; its apps are
 * mounted at sub-paths (one at the root, to cover both kinds of URL).
 */
export const FIXTURE_SERVERS: ServerSpec[] = [
  {
    name: 'basic',
    mounts: { predict_app: '/', blocks_app: '/blocks', auth_app: '/auth', demo_app: '/demo' },
    // The demo app (`npm run demo`), so the examples run against it as a user would.
    appsDirs: ['examples/demo-app'],
  },
  {
    name: 'jobs',
    mounts: { jobs_app: '/jobs', queue_app: '/queue', full_app: '/full' },
  },
  {
    name: 'sessions',
    mounts: {
      state_app: '/state',
      creds_app: '/creds',
      render_app: '/render',
      hosted_app: '/hosted',
      pages_app: '/pages',
    },
  },
  {
    // A second process serving the hosted app: the local hub fronts it and the sessions server's
    // copy as two replicas of one Space.
    name: 'replica',
    mounts: { hosted_twin_app: '/hosted' },
    env: { GRADIO_RX_REPLICA: 'b' },
  },
  {
    name: 'load',
    mounts: { load_app: '/load' },
  },
  {
    name: 'files',
    mounts: {
      files_app: '/files',
      limited_app: '/limited',
      stream_app: '/realtime',
      media_app: '/media',
    },
  },
];

/** Where the global setup writes the running servers' URLs for the specs to read. */
export const FIXTURE_ENV = 'GRADIO_RX_FIXTURES';
