/**
 * Notebook 6's custom stylesheet for sessions (served as `<base>/custom/custom.css` from
 * `$JUPYTER_CONFIG_DIR/custom/`): visitors have no login, so the Logout button is hidden.
 * The Docker image ships the same file (images/notebook/custom.css; a test keeps the two
 * equal). The local spawner writes it once into the data folder and binds it read-only
 * into each sandbox's config folder.
 */
export const jupyterCustomCss = `/* ckan-notebook-hub: sessions have no login, so Notebook 6's Logout button has nothing to do. */
#login_widget {
  display: none !important;
}
`;

/** `JUPYTER_CONFIG_DIR` inside the sandbox: in its private /tmp, not in the visitor's files. */
export const sandboxJupyterConfigDir = '/tmp/jupyter-config';
