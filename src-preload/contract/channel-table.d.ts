/** Built by electron.vite.config.ts (channelTable plugin) from the contract's keys. */
declare module 'virtual:tokendesk-channel-table' {
  const table: import('./table').ChannelTable
  export default table
}
