/**
 * Okabe–Ito colours: told apart with the common colour-vision deficiencies, and mid-toned enough
 * to read on the light and the dark theme. SVG fill attributes cannot take CSS variables.
 */
export const chartColors = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#999999',
  '#7B61FF',
] as const

export function chartColor(index: number): string {
  return chartColors[index % chartColors.length] ?? '#999999'
}
