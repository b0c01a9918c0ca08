package devserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/srmonitor/srmonitor/shared/civil"
)

// Mail is one e-mail the local SES sent.
type Mail struct {
	To      []string      `json:"to"`
	Subject string        `json:"subject"`
	Text    string        `json:"text"`
	SentAt  civil.Instant `json:"sent_at"`
}

// sesMessages is the list of sent e-mails at /_aws/ses: LocalStack's own
// endpoint, which the local moto (infra/localstack/moto_server.py) serves
// too.
type sesMessages struct {
	Messages []struct {
		Destination struct {
			ToAddresses []string `json:"ToAddresses"`
		} `json:"Destination"`
		Subject string `json:"Subject"`
		Body    struct {
			Text string `json:"text_part"`
		} `json:"Body"`
		Timestamp string `json:"Timestamp"`
	} `json:"messages"`
}

// Outbox lists what the local SES sent, newest first.
func (s *Server) Outbox(r *http.Request) ([]Mail, error) {
	endpoint := aws.ToString(s.aws.BaseEndpoint)
	if endpoint == "" {
		return nil, fmt.Errorf("no local endpoint")
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, strings.TrimSuffix(endpoint, "/")+"/_aws/ses", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the local endpoint answered %s for its sent e-mails", resp.Status)
	}
	var in sesMessages
	if err := json.NewDecoder(resp.Body).Decode(&in); err != nil {
		return nil, err
	}
	out := make([]Mail, 0, len(in.Messages))
	for _, m := range in.Messages {
		at, _ := time.Parse(time.RFC3339, m.Timestamp)
		out = append(out, Mail{To: m.Destination.ToAddresses, Subject: m.Subject, Text: m.Body.Text, SentAt: civil.Instant(at)})
	}
	slices.Reverse(out)
	return out, nil
}

// outbox answers GET /dev/outbox: the e-mails sent, newest first, so a
// developer, a test and a newcomer can see every message.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request) {
	mails, err := s.Outbox(r)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"message": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": mails})
}
