import { UserRepository } from './repository'
export const users = new UserRepository()
