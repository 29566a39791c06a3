/** The rule editor's "when": how the query matches, optional filter context, and the time window. */

import type { MatchKind } from "../api/merchTypes";
import { Field } from "../site/forms";
import { Select } from "./controls";
import type { RuleForm } from "./ruleForm";
import { MATCH_LABELS } from "./summaries";

export function RuleConditionFields({ form, onChange }: { form: RuleForm; onChange: (part: Partial<RuleForm>) => void }) {
  return (
    <fieldset className="group">
      <legend>When</legend>
      <div className="form-row">
        <Select<MatchKind> label="Match" value={form.match} options={MATCH_LABELS} onChange={(match) => onChange({ match })} />
        <Field label="Pattern" value={form.pattern} onChange={(pattern) => onChange({ pattern })} maxLength={200} />
      </div>
      <div className="form-row">
        <Field
          label="Only when brand filter is"
          value={form.brand}
          onChange={(brand) => onChange({ brand })}
          required={false}
          hint="Comma-separated; empty for any."
        />
        <Field
          label="Only when type filter is"
          value={form.type}
          onChange={(type) => onChange({ type })}
          required={false}
          hint="Comma-separated; empty for any."
        />
      </div>
      <div className="form-row">
        <Field
          label="Starts at"
          type="datetime-local"
          value={form.startsAt}
          onChange={(startsAt) => onChange({ startsAt })}
          required={false}
          hint="Your local time; empty for now."
        />
        <Field
          label="Ends at"
          type="datetime-local"
          value={form.endsAt}
          onChange={(endsAt) => onChange({ endsAt })}
          required={false}
          hint="Empty for never."
        />
      </div>
    </fieldset>
  );
}
