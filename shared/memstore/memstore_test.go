package memstore_test

import (
	"testing"

	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/memstore"
	"github.com/srmonitor/srmonitor/shared/store/storetest"
)

func TestContractsSuite(t *testing.T) {
	storetest.Contracts(t, func(*testing.T) contract.Repository { return memstore.NewContracts() })
}

func TestEvidenceSuite(t *testing.T) {
	storetest.Evidence(t, func(*testing.T) evidence.Repository { return memstore.NewEvidence() })
}
