/**
 * The environment a test core is opened with so that no check ever reaches a real platform: the
 * bases of the connection-free checks (IonQ, Hugging Face, Kipu Quantum Hub) point at a port on
 * this machine where nothing listens (a refused connection, at once). A test that checks tokens
 * replaces them with its local fake.
 */
export const NO_PLATFORMS: Record<string, string> = {
  TOKENDESK_IONQ_URL: 'http://127.0.0.1:9',
  HF_ENDPOINT: 'http://127.0.0.1:9',
  TOKENDESK_KIPU_URL: 'http://127.0.0.1:9',
}
