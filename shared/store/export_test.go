package store

// ContractItem exposes the item encoding to tests that seed many contracts
// with BatchWriteItem (moto copies the table on every transaction).
var ContractItem = (*Contracts).contractItem
