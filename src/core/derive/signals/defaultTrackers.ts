import { TrackerDefinition } from '../../../shared/signals'
import budget from '../../../../resources/signals/budget.json' with { type: 'json' }
import churnRisk from '../../../../resources/signals/churn-risk.json' with { type: 'json' }
import competitor from '../../../../resources/signals/competitor.json' with { type: 'json' }
import featureRequest from '../../../../resources/signals/feature-request.json' with { type: 'json' }
import integration from '../../../../resources/signals/integration.json' with { type: 'json' }
import objection from '../../../../resources/signals/objection.json' with { type: 'json' }
import pricing from '../../../../resources/signals/pricing.json' with { type: 'json' }
import securityCompliance from '../../../../resources/signals/security-compliance.json' with { type: 'json' }
import timeline from '../../../../resources/signals/timeline.json' with { type: 'json' }

/**
 * The trackers Earshot ships (`resources/signals/`, one file per kind), validated with the same
 * schema as the user's own: a broken lexicon fails loudly here rather than matching nothing. Static
 * JSON imports, so tsx, vitest and the electron-vite bundle all resolve them without a file path.
 */
export function defaultTrackers(): TrackerDefinition[] {
  return [
    pricing,
    budget,
    competitor,
    featureRequest,
    objection,
    timeline,
    integration,
    securityCompliance,
    churnRisk,
  ].map((raw) => TrackerDefinition.parse(raw))
}
