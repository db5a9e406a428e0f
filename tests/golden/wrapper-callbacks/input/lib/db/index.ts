export * from './safe-query'
