package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/shared/contract"
)

// ErrNotANotice is a stream record of another item than a notice.
var ErrNotANotice = errors.New("store: not a notice")

// NoticeFromStream reads the notice a table stream record inserted.
func NoticeFromStream(image map[string]events.DynamoDBAttributeValue) (contract.Notice, error) {
	item := make(map[string]types.AttributeValue, len(image))
	for k, v := range image {
		av, err := fromStream(v)
		if err != nil {
			return contract.Notice{}, fmt.Errorf("store: attribute %s: %w", k, err)
		}
		item[k] = av
	}
	if sk, ok := item["sk"].(*types.AttributeValueMemberS); !ok || !strings.HasPrefix(sk.Value, "N#") {
		return contract.Notice{}, ErrNotANotice
	}
	var it noticeItem
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return contract.Notice{}, err
	}
	if it.Format != format {
		return contract.Notice{}, fmt.Errorf("store: notice of format %d", it.Format)
	}
	return fromNoticeItem(it)
}

// fromStream converts a stream image's value (aws-lambda-go's type) into
// the SDK's.
func fromStream(v events.DynamoDBAttributeValue) (types.AttributeValue, error) {
	switch v.DataType() {
	case events.DataTypeString:
		return &types.AttributeValueMemberS{Value: v.String()}, nil
	case events.DataTypeNumber:
		return &types.AttributeValueMemberN{Value: v.Number()}, nil
	case events.DataTypeBoolean:
		return &types.AttributeValueMemberBOOL{Value: v.Boolean()}, nil
	case events.DataTypeNull:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case events.DataTypeBinary:
		return &types.AttributeValueMemberB{Value: v.Binary()}, nil
	case events.DataTypeStringSet:
		return &types.AttributeValueMemberSS{Value: v.StringSet()}, nil
	case events.DataTypeNumberSet:
		return &types.AttributeValueMemberNS{Value: v.NumberSet()}, nil
	case events.DataTypeBinarySet:
		return &types.AttributeValueMemberBS{Value: v.BinarySet()}, nil
	case events.DataTypeList:
		out := make([]types.AttributeValue, len(v.List()))
		for i, e := range v.List() {
			av, err := fromStream(e)
			if err != nil {
				return nil, err
			}
			out[i] = av
		}
		return &types.AttributeValueMemberL{Value: out}, nil
	case events.DataTypeMap:
		out := make(map[string]types.AttributeValue, len(v.Map()))
		for k, e := range v.Map() {
			av, err := fromStream(e)
			if err != nil {
				return nil, err
			}
			out[k] = av
		}
		return &types.AttributeValueMemberM{Value: out}, nil
	}
	return nil, fmt.Errorf("unknown data type %v", v.DataType())
}
