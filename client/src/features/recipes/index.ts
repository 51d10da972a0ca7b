/** What other features may use of Recipes: the steps' text form the admin screens edit global recipes with. */
export { stepsToText, textToSteps } from './recipe-format.ts';
