/**
 * A real-world-shaped AWS shared credentials file: several profiles, a comment of each kind and
 * a non-secret key, so tests can show that writing one profile leaves the rest byte for byte.
 */
export const AWS_CREDENTIALS_SAMPLE = `# shared credentials
[default]
aws_access_key_id = AKIADEFAULT000000000
aws_secret_access_key = defaultSecretDoNotLeak111
; keep me

[braket]
aws_access_key_id = AKIAOLDBRAKET0000000
aws_secret_access_key = oldBraketSecretDoNotLeak222
region = us-east-1

[other]
aws_access_key_id = AKIAOTHER00000000000
aws_secret_access_key = otherSecretDoNotLeak333
`
