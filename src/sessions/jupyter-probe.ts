/** The real ServerProbe: asks the Jupyter server's own API (src/jupyter/). */
import { kernelsBusy } from '../jupyter/kernels-busy.js';
import { serverAnswers } from '../jupyter/server-answers.js';
import { waitUntilReady } from '../jupyter/wait-until-ready.js';
import type { ServerProbe } from './server-probe.js';

export const jupyterProbe: ServerProbe = {
  waitUntilReady: (target, baseUrl, token, opts) => waitUntilReady(target, baseUrl, token, opts),
  answers: (target, baseUrl, token, timeoutMs) => serverAnswers(target, baseUrl, token, timeoutMs),
  kernelsBusy: (target, baseUrl, token, signal, starting) =>
    kernelsBusy(target, baseUrl, token, signal, starting),
};
