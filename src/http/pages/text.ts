/**
 * Every string the hub's server-rendered pages show, in English; text-de.ts has the
 * German (the type makes it complete), page-language.ts picks one per request. The
 * browser code's strings live in web/src/text/.
 */
export const pageText = {
  lang: 'en' as string,
  hubName: 'Notebook hub',
  index: {
    title: 'Notebooks',
    intro:
      'Open a notebook to get your own Jupyter server. Nothing you change is kept after the session ends.',
    empty: 'There are no notebooks here yet.',
    open: 'Open',
  },
  run: {
    ckanTitle: 'Notebook from the data portal',
    ckanDatasetTitle: 'Explore a dataset from the data portal',
    intro:
      'Run this notebook in a Jupyter server of your own: run and edit cells, install libraries. ' +
      'When the session ends, your changes are gone — use “Download my copy” to keep them.',
    runButton: 'Run this notebook',
    capacityLoading: 'Checking for free sessions…',
    previewLabel: (title: string) => `Preview of ${title}`,
    progressHeading: 'Starting your session',
    stages: {
      queued: 'Waiting for a free place',
      fetching: 'Fetching the notebook',
      starting: 'Starting your Jupyter server',
      scheduling: 'Finding a machine with room for it',
      preparing: 'Preparing its image',
      connecting: 'Connecting',
      ready: 'Ready',
    },
    leaveQueue: 'Leave the queue',
    filesLabel: 'Data files',
    barLabel: 'Your session',
    download: 'Download my copy',
    restart: 'Start over from the original',
    end: 'End session',
    newTab: 'Open in a new tab',
    newTabHint: '(opens in a new tab)',
    confirmNo: 'Cancel',
    notebookFrame: (title: string) => `Jupyter notebook: ${title}`,
    endedHeading: 'Your session has ended',
    changesGone:
      'Your changes are gone: the server and its files were removed. A new session starts from the original notebook.',
    startAgain: 'Start again from the original',
    allNotebooks: 'All notebooks',
    retry: 'Try again',
  },
  errors: {
    notebook_not_found: {
      title: 'Notebook not found',
      todo: 'Check the address, or pick a notebook from the list.',
    },
    notebook_invalid: {
      title: 'This notebook cannot be opened',
      todo: 'The file is not a valid Jupyter notebook. Tell the people who publish it.',
    },
    notebook_too_large: {
      title: 'This notebook is too large',
      todo: 'Notebooks above the size limit cannot be run here. Download it from the data portal instead.',
    },
    other: {
      title: 'Something went wrong',
      todo: 'Try again in a moment.',
    },
  },
  admin: {
    title: 'Notebook hub — admin',
    loginHeading: 'Sign in',
    loginIntro: 'Enter the hub’s admin token.',
    tokenLabel: 'Admin token',
    loginButton: 'Sign in',
    loginFailed: 'That token is not right.',
    logout: 'Sign out',
    capacityHeading: 'Capacity',
    sessionsHeading: 'Live sessions',
    sessionsColumns: [
      'Session',
      'Visitor',
      'Notebook',
      'State',
      'Age',
      'Idle',
      'CPU',
      'Memory',
      '',
    ],
    noSessions: 'No live sessions.',
    settingsHeading: 'Settings',
    settingsIntro: 'Changes apply to the next launch; running sessions keep their limits.',
    save: 'Save settings',
    historyHeading: 'Launches and ends',
    hoursLabel: 'Period',
    hours: (n: number) => (n === 1 ? 'last hour' : `last ${n} hours`),
    defaultValue: (value: string) => `Default: ${value}.`,
    switchOn: 'on',
    switchOff: 'off',
    settingFields: [] as unknown as SettingFields,
  },
};

export type PageText = typeof pageText;
export type SettingFields = readonly (readonly [string, string, string])[];

/** The admin settings form, in display order: label and a hint on the accepted values. */
export const settingFields: SettingFields = [
  ['max_sessions', 'Maximum sessions', 'Whole number, at least 1.'],
  [
    'max_guest_sessions',
    'Maximum guest sessions',
    'Visitors without a portal login; 0 means the same as the maximum, never more than it.',
  ],
  ['idle_timeout_seconds', 'Idle timeout (seconds)', 'At least 5.'],
  ['max_lifetime_seconds', 'Maximum lifetime (seconds)', 'At least 5.'],
  ['cpu_percent', 'CPU share (% of one core)', 'From 1 to 100.'],
  ['memory_limit', 'Memory limit', 'For example 512M or 1G.'],
  [
    'explore_datasets',
    'Explore datasets in Jupyter',
    'Off: no dataset opens as a generated starter notebook.',
  ],
  [
    'explore_formats',
    'Formats the starter notebook loads',
    'A file of another format is not copied; its cell says how to fetch it by hand.',
  ],
];
pageText.admin.settingFields = settingFields;
