export * from './queries'
export * from './format'
