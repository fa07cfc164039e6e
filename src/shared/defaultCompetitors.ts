/**
 * The competitor names Earshot ships (issue 14), so "we are also evaluating Gong" is a competitor
 * signal out of the box: the vendors sales teams most often hear named on calls — conversation
 * intelligence and sales engagement (Gong, Chorus, Clari, Salesloft, Outreach, Avoma, Fireflies,
 * Otter), CRMs that are bought instead of point tools (Salesforce, HubSpot, Pipedrive, Zoho CRM,
 * Microsoft Dynamics) and data vendors (ZoomInfo, Apollo). It is the default of
 * `signals.competitors`, so the user edits or empties it like any list they typed. "Salesforce"
 * is also what "do you support Salesforce?" captures as a feature request; findSignals counts the
 * phrase once, for the competitor (PHRASE_PRECEDENCE).
 */
export const DEFAULT_COMPETITORS: readonly string[] = Object.freeze([
  'Gong',
  'Chorus',
  'Clari',
  'Salesloft',
  'Outreach',
  'Avoma',
  'Fireflies',
  'Otter',
  'Salesforce',
  'HubSpot',
  'Pipedrive',
  'Zoho CRM',
  'Microsoft Dynamics',
  'ZoomInfo',
  'Apollo',
])
