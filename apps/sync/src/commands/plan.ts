import { defineCommand } from 'citty';
import { pushOrPlan, sharedArgs } from './push.js';

export default defineCommand({
  meta: {
    name: 'plan',
    description: 'Show what push would create, update, skip, quarantine, or find in conflict',
  },
  args: sharedArgs,
  run: ({ args }) => pushOrPlan(args, true),
});
