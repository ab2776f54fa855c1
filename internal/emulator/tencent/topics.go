package tencent

import (
	"fmt"
	"regexp"
	"strings"
)

// DefaultTopics are the topics every emulator starts with, in the default
// region (ap-guangzhou unless -tencent-default-region says otherwise). The
// demo and the examples use the first one.
var DefaultTopics = []Topic{
	{TopicID: "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b", TopicName: "demo-app-logs"},
	{TopicID: "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f", TopicName: "demo-audit-logs"},
}

// parseTopicFlag reads one -tencent-topics item: ID or REGION:ID. An empty
// item gives a zero Topic.
func parseTopicFlag(item string) (Topic, error) {
	item = strings.TrimSpace(item)
	if item == "" {
		return Topic{}, nil
	}
	region, id := "", item
	if r, rest, ok := strings.Cut(item, ":"); ok {
		region, id = strings.TrimSpace(r), strings.TrimSpace(rest)
		if !regionPattern.MatchString(region) {
			return Topic{}, fmt.Errorf("%q: region %q is not a region id such as ap-guangzhou", item, region)
		}
	}
	if !topicIDPattern.MatchString(id) {
		return Topic{}, fmt.Errorf("topic id %q is not a UUID", id)
	}
	return Topic{TopicID: id, TopicName: "topic-" + id[:8], Region: region}, nil
}

var regionPattern = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)

// withRegion returns topics with an empty Region set to region.
func withRegion(topics []Topic, region string) []Topic {
	out := append([]Topic(nil), topics...)
	for i := range out {
		if out[i].Region == "" {
			out[i].Region = region
		}
	}
	return out
}

func defaultTopicIDs() string {
	ids := make([]string, len(DefaultTopics))
	for i, t := range DefaultTopics {
		ids[i] = t.TopicID
	}
	return strings.Join(ids, ", ")
}

var topicIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Topic is a CLS log topic exports can be made from.
type Topic struct {
	TopicID   string `json:"topic_id"`
	TopicName string `json:"topic_name"`
	// Region is where the topic lives; requests for it in any other region
	// answer ResourceNotFound.TopicNotExist.
	Region string `json:"region,omitempty"`
	// Closed topics refuse exports with FailedOperation.TopicClosed.
	Closed bool `json:"closed,omitempty"`
}

// topic finds a topic of region; the caller holds e.mu. Topic ids are
// UUIDs and match in either hex case. A topic of another region is
// ResourceNotFound.TopicNotExist, as CLS answers for a topic it does not
// know in the region asked.
func (e *Emulator) topic(region, id string) (Topic, string, string) {
	for _, t := range e.topics {
		if strings.EqualFold(t.TopicID, id) && t.Region == region {
			if t.Closed {
				return t, "FailedOperation.TopicClosed", fmt.Sprintf("the log topic %s is closed", id)
			}
			return t, "", ""
		}
	}
	return Topic{}, "ResourceNotFound.TopicNotExist", fmt.Sprintf("the log topic %s does not exist in %s", id, region)
}
