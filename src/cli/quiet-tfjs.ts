/**
 * tfjs prints a multi-line "install tfjs-node" banner on its first tensor when
 * it runs on the pure-JS backend. In a terminal UI that banner garbles the
 * screen, and the backend in use is already reported by training's start line.
 * PROD mode silences tfjs's warnings (and skips its debug-only checks).
 */
export async function quietTfjs(): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
}
