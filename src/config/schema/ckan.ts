/**
 * CKAN: the portal, its API token, launch tickets, data copying and exploring datasets.
 * Part of the one config schema (../schema.ts).
 */
import { bool, int, list, optionalStr, optionalUrl, field, listOf } from '../fields.js';
import { loadableFormat, loadableFormats } from '../../starter/reader-for.js';

export const ckanFields = {
  // ckan
  ckanUrl: field({
    group: 'ckan',
    parser: optionalUrl(),
    default: null,
    env: ['CKAN_SITE_URL'],
    flag: '--ckan-url',
    description:
      'Base URL of the CKAN site as the hub reaches it. Enables the CKAN notebook source.',
  }),
  ckanApiToken: field({
    group: 'ckan',
    parser: optionalStr(),
    default: null,
    env: ['CKAN_API_TOKEN'],
    secret: true,
    description:
      'CKAN API token used only to fetch private datasets for logged-in users whose ticket the plugin signed.',
  }),
  ticketSecret: field({
    group: 'ckan',
    parser: optionalStr({ minBytes: 32 }),
    default: null,
    env: ['HUB_TICKET_SECRET'],
    secret: true,
    description:
      'Shared secret with the CKAN plugin for signing launch tickets, at least 32 bytes.',
  }),
  ckanDataFormats: field({
    group: 'ckan',
    parser: list(),
    default: ['csv', 'tsv', 'json', 'geojson', 'xlsx', 'xls', 'parquet', 'txt', 'xml', 'zip'],
    env: ['HUB_CKAN_DATA_FORMATS'],
    description: "Resource formats copied into the session's data/ folder.",
  }),
  ckanDataMaxBytes: field({
    group: 'ckan',
    parser: int({ min: 0 }),
    default: 200 * 1024 * 1024,
    env: ['HUB_CKAN_DATA_MAX_BYTES'],
    description: 'Total size cap of the data files copied into a session.',
  }),
  exploreDatasets: field({
    group: 'ckan',
    parser: bool(),
    default: true,
    env: ['HUB_EXPLORE_DATASETS'],
    description:
      'Whether any dataset can be opened as a generated starter notebook (POST /api/sessions {dataset_id}, run/ckan-dataset/…); off, those refuse with explore_disabled (admin setting explore_datasets).',
  }),
  exploreFormats: field({
    group: 'ckan',
    parser: listOf(loadableFormats, loadableFormat),
    default: ['csv', 'tsv', 'xlsx', 'json', 'geojson'],
    env: ['HUB_EXPLORE_FORMATS'],
    description:
      "Resource formats the starter notebook loads; a data file of another readable format gets a 'not copied, fetch it by hand' cell. A format must also be in HUB_CKAN_DATA_FORMATS to be copied (admin setting explore_formats).",
  }),
  fetchTimeoutSeconds: field({
    group: 'ckan',
    parser: int({ min: 1 }),
    default: 30,
    env: ['HUB_FETCH_TIMEOUT_SECONDS'],
    description: 'Total time allowed for one download from CKAN or a linked URL.',
  }),
} as const;
