package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/mail"
	"github.com/srmonitor/srmonitor/shared/office"
)

var (
	_ mail.Contacts     = (*Contracts)(nil)
	_ mail.SentLog      = (*SentMail)(nil)
	_ office.Repository = (*Offices)(nil)
)

// Contact reads only what the e-mail function needs of a contract: the
// contractor's contact address and language.
func (r *Contracts) Contact(ctx context.Context, id string) (string, string, error) {
	e, err := expression.NewBuilder().WithProjection(expression.NamesList(
		expression.Name("format"), expression.Name("registration.contact_email"),
		expression.Name("contractor_email"), expression.Name("contractor_language"),
	)).Build()
	if err != nil {
		return "", "", err
	}
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.table, Key: key(contractPK(id), contractSK),
		ProjectionExpression: e.Projection(), ExpressionAttributeNames: e.Names()})
	if err != nil {
		return "", "", err
	}
	if out.Item == nil {
		return "", "", contract.ErrNotFound
	}
	var it struct {
		Format       int `dynamodbav:"format"`
		Registration *struct {
			Email string `dynamodbav:"contact_email"`
		} `dynamodbav:"registration"`
		Email    string `dynamodbav:"contractor_email"`
		Language string `dynamodbav:"contractor_language"`
	}
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil || it.Format != format {
		return "", "", contract.ErrUnreadable
	}
	if it.Registration != nil {
		it.Email = it.Registration.Email
	}
	return it.Email, it.Language, nil
}

// SentMail implements mail.SentLog: one marker item per e-mail sent, in
// the contract's partition, kept as long as notices are.
type SentMail struct {
	db    *dynamodb.Client
	table string
}

// NewSentMail is the sent-mail log on table.
func NewSentMail(db *dynamodb.Client, table string) *SentMail {
	return &SentMail{db: db, table: table}
}

type sentItem struct {
	PK        string                  `dynamodbav:"pk"`
	SK        string                  `dynamodbav:"sk"`
	ExpiresAt attributevalue.UnixTime `dynamodbav:"expires_at"`
}

// sentKey names the marker by a hash of the address: no address is
// written where it is not needed.
func sentKey(noticeID, to string) (string, string) {
	contractID, _, _ := strings.Cut(noticeID, ".")
	sum := sha256.Sum256([]byte(strings.ToLower(to)))
	return contractPK(contractID), "M#" + noticeID + "#" + hex.EncodeToString(sum[:8])
}

// Sent reports whether the e-mail of a notice to an address went out.
func (s *SentMail) Sent(ctx context.Context, noticeID, to string) (bool, error) {
	pk, sk := sentKey(noticeID, to)
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(pk, sk), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return false, err
	}
	return out.Item != nil, nil
}

// MarkSent records that it did.
func (s *SentMail) MarkSent(ctx context.Context, noticeID, to string) error {
	pk, sk := sentKey(noticeID, to)
	item, err := attributevalue.MarshalMap(sentItem{PK: pk, SK: sk, ExpiresAt: attributevalue.UnixTime(time.Now().Add(noticeTTL))})
	if err != nil {
		return err
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item})
	return err
}

// Offices implements office.Repository: pk=S#<municipality>, sk=S.
type Offices struct {
	db    *dynamodb.Client
	table string
}

// NewOffices is the settings repository on table.
func NewOffices(db *dynamodb.Client, table string) *Offices { return &Offices{db: db, table: table} }

type settingsItem struct {
	PK        string    `dynamodbav:"pk"`
	SK        string    `dynamodbav:"sk"`
	Format    int       `dynamodbav:"format"`
	Email     string    `dynamodbav:"email,omitempty"`
	Language  string    `dynamodbav:"language"`
	UpdatedAt time.Time `dynamodbav:"updated_at"`
	UpdatedBy string    `dynamodbav:"updated_by"`
}

func settingsKey(municipality string) (string, string) { return "S#" + municipality, "S" }

// Get reads a municipality's settings; office.ErrNotFound when none.
func (o *Offices) Get(ctx context.Context, municipality string) (*office.Settings, error) {
	pk, sk := settingsKey(municipality)
	out, err := o.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &o.table, Key: key(pk, sk), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, office.ErrNotFound
	}
	var it settingsItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil || it.Format != format {
		return nil, errors.New("store: unreadable settings of " + municipality)
	}
	return &office.Settings{Municipality: municipality, Email: it.Email, Language: it.Language, UpdatedAt: it.UpdatedAt, UpdatedBy: it.UpdatedBy}, nil
}

// Put replaces a municipality's settings.
func (o *Offices) Put(ctx context.Context, s *office.Settings) error {
	pk, sk := settingsKey(s.Municipality)
	item, err := attributevalue.MarshalMap(settingsItem{PK: pk, SK: sk, Format: format, Email: s.Email, Language: s.Language,
		UpdatedAt: s.UpdatedAt, UpdatedBy: s.UpdatedBy})
	if err != nil {
		return err
	}
	_, err = o.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &o.table, Item: item})
	return err
}
