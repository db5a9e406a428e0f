import { getBreachedTickets } from './report'

export const breachedAtBoot = getBreachedTickets().length
