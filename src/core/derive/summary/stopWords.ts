/**
 * English function words and conversation fillers that say nothing about a call's topic. Sentence
 * ranking ignores them so "yeah, so, I mean" does not look central.
 */
export const stopWords: ReadonlySet<string> = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing done down during each else even ever every few ' +
    'for from further get gets getting go going gonna got had has have having he her here hers him ' +
    'his how i if in into is it its itself just kind know let like lot maybe me mean might more most ' +
    'much must my no nor not now of off oh ok okay on once one only or other our ours out over own ' +
    'pretty quite really right said same say see she should so some something sort still such sure ' +
    'than that the their them then there these they thing things think this those through to too ' +
    'um uh under until up us very want was way we well were what when where which while who whom why ' +
    'will with would yeah yes yet you your yours actually basically definitely totally absolutely ' +
    "don't can't won't isn't aren't it's that's there's i'm you're we're they're i've we've " +
    "i'll we'll you'll i'd we'd you'd didn't doesn't wasn't weren't hmm mhm"
  ).split(' '),
)
