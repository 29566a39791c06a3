/** The rule editor's added filters, redirect and banner. */

import { Field } from "../site/forms";
import type { RuleForm } from "./ruleForm";

export function RuleOutcomeFields({ form, onChange }: { form: RuleForm; onChange: (part: Partial<RuleForm>) => void }) {
  return (
    <fieldset className="group">
      <legend>Filters, redirect and banner</legend>
      <div className="form-row">
        <Field
          label="Add filter: brands"
          value={form.filterBrand}
          onChange={(filterBrand) => onChange({ filterBrand })}
          required={false}
          hint="Comma-separated; results keep only these brands."
        />
        <Field
          label="Add filter: types"
          value={form.filterType}
          onChange={(filterType) => onChange({ filterType })}
          required={false}
          hint="Comma-separated; results keep only these types."
        />
      </div>
      <Field
        label="Redirect to URL"
        value={form.redirect}
        onChange={(redirect) => onChange({ redirect })}
        required={false}
        hint="A page on this site (/help/returns) or a web address; shoppers go there instead of the results."
      />
      <div className="form-row">
        <Field label="Banner text" value={form.bannerText} onChange={(bannerText) => onChange({ bannerText })} required={false} />
        <Field label="Banner link" value={form.bannerLink} onChange={(bannerLink) => onChange({ bannerLink })} required={false} hint="Optional." />
      </div>
    </fieldset>
  );
}
