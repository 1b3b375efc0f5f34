import { useId, useState, type FormEvent } from 'react'
import { ROLES, SlugSchema, type Role } from '../../src-main/core/model'
import { useDesk } from '../store'

const ROLE_TEXT: Record<Role, string> = {
  owner: 'Can add, rotate, revoke, restore and delete the organization’s provider tokens.',
  maintainer: 'Can add, rotate, revoke, restore and delete the organization’s provider tokens.',
  member: 'Can use the organization’s provider tokens, but not add or change them.',
}

export function OrgsView() {
  const orgs = useDesk((s) => s.orgs)
  const id = useId()
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('member')
  const [touched, setTouched] = useState(false)
  const check = SlugSchema.safeParse(name)
  const error = touched && !check.success ? check.error.issues[0]?.message : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (!check.success) return
    if (await useDesk.getState().setOrg(name, role)) {
      setName('')
      setTouched(false)
    }
  }

  return (
    <div className="page">
      <section className="card">
        <h2>Your organizations</h2>
        <p className="hint">Organizations hold shared provider tokens. Your role decides what you may do with them.</p>
        {orgs.length === 0 ? (
          <p className="empty">No organizations yet. Add one below with the role you have in it.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Organization</th>
                <th scope="col">Your role</th>
                <th scope="col">What you may do</th>
                <th scope="col">Tokens</th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((o) => (
                <tr key={o.name}>
                  <td>{o.name}</td>
                  <td>
                    <span className={`role role-${o.role}`}>{o.role}</span>
                  </td>
                  <td className="muted">{ROLE_TEXT[o.role]}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        const d = useDesk.getState()
                        d.setView('provider')
                        d.setFilter({ org: o.name })
                      }}
                    >
                      Show provider tokens
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Add an organization</h2>
        <form className="row-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              value={name}
              placeholder="e.g. quantum-lab"
              onChange={(e) => setName(e.target.value)}
              onBlur={() => name && setTouched(true)}
              aria-invalid={!!error}
              aria-describedby={error ? `${id}-err` : undefined}
            />
            {error ? (
              <p className="error" id={`${id}-err`}>
                {error}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>Your role</label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-primary">
            Save organization
          </button>
        </form>
        <p className="hint">Saving an existing name changes your role in it.</p>
      </section>
    </div>
  )
}
