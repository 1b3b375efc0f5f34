/**
 * The forms a secret takes inside files, each found exactly: as it is; JSON-escaped (a notebook's
 * source and outputs, a JSON config: `"` → `\"`, `\` → `\\`, and `/` as `\/` where a writer escapes
 * it); URL-encoded (a URL's query, a form body). Pure.
 */
export type SecretForm = 'as is' | 'JSON-escaped' | 'URL-encoded'

export function secretForms(secret: string): { form: SecretForm; text: string }[] {
  const json = JSON.stringify(secret).slice(1, -1)
  const forms: { form: SecretForm; text: string }[] = [
    { form: 'as is', text: secret },
    { form: 'JSON-escaped', text: json },
    { form: 'JSON-escaped', text: json.replace(/\//g, '\\/') },
    { form: 'URL-encoded', text: encodeURIComponent(secret) },
  ]
  const seen = new Set<string>()
  return forms.filter((f) => f.text.length > 0 && !seen.has(f.text) && (seen.add(f.text), true))
}
