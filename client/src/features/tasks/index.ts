// What other features may use of to-dos (the lint allows only this file across features).
export { TodayTasks, PlannerTasks, TaskPlanCheck } from './due-tasks.tsx';
