import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActiveFault as _talsim_control_v1_ActiveFault, ActiveFault__Output as _talsim_control_v1_ActiveFault__Output } from './talsim/control/v1/ActiveFault.ts';
import type { ControlServiceClient as _talsim_control_v1_ControlServiceClient, ControlServiceDefinition as _talsim_control_v1_ControlServiceDefinition } from './talsim/control/v1/ControlService.ts';
import type { FaultHealRequest as _talsim_control_v1_FaultHealRequest, FaultHealRequest__Output as _talsim_control_v1_FaultHealRequest__Output } from './talsim/control/v1/FaultHealRequest.ts';
import type { FaultHealResponse as _talsim_control_v1_FaultHealResponse, FaultHealResponse__Output as _talsim_control_v1_FaultHealResponse__Output } from './talsim/control/v1/FaultHealResponse.ts';
import type { FaultInjectRequest as _talsim_control_v1_FaultInjectRequest, FaultInjectRequest__Output as _talsim_control_v1_FaultInjectRequest__Output } from './talsim/control/v1/FaultInjectRequest.ts';
import type { FaultInjectResponse as _talsim_control_v1_FaultInjectResponse, FaultInjectResponse__Output as _talsim_control_v1_FaultInjectResponse__Output } from './talsim/control/v1/FaultInjectResponse.ts';
import type { FaultListRequest as _talsim_control_v1_FaultListRequest, FaultListRequest__Output as _talsim_control_v1_FaultListRequest__Output } from './talsim/control/v1/FaultListRequest.ts';
import type { FaultListResponse as _talsim_control_v1_FaultListResponse, FaultListResponse__Output as _talsim_control_v1_FaultListResponse__Output } from './talsim/control/v1/FaultListResponse.ts';
import type { NodeStatus as _talsim_control_v1_NodeStatus, NodeStatus__Output as _talsim_control_v1_NodeStatus__Output } from './talsim/control/v1/NodeStatus.ts';
import type { StatusRequest as _talsim_control_v1_StatusRequest, StatusRequest__Output as _talsim_control_v1_StatusRequest__Output } from './talsim/control/v1/StatusRequest.ts';
import type { StatusResponse as _talsim_control_v1_StatusResponse, StatusResponse__Output as _talsim_control_v1_StatusResponse__Output } from './talsim/control/v1/StatusResponse.ts';
import type { TimeControlRequest as _talsim_control_v1_TimeControlRequest, TimeControlRequest__Output as _talsim_control_v1_TimeControlRequest__Output } from './talsim/control/v1/TimeControlRequest.ts';
import type { TimeControlResponse as _talsim_control_v1_TimeControlResponse, TimeControlResponse__Output as _talsim_control_v1_TimeControlResponse__Output } from './talsim/control/v1/TimeControlResponse.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  talsim: {
    control: {
      v1: {
        ActiveFault: MessageTypeDefinition<_talsim_control_v1_ActiveFault, _talsim_control_v1_ActiveFault__Output>
        ControlService: SubtypeConstructor<typeof grpc.Client, _talsim_control_v1_ControlServiceClient> & { service: _talsim_control_v1_ControlServiceDefinition }
        FaultHealRequest: MessageTypeDefinition<_talsim_control_v1_FaultHealRequest, _talsim_control_v1_FaultHealRequest__Output>
        FaultHealResponse: MessageTypeDefinition<_talsim_control_v1_FaultHealResponse, _talsim_control_v1_FaultHealResponse__Output>
        FaultInjectRequest: MessageTypeDefinition<_talsim_control_v1_FaultInjectRequest, _talsim_control_v1_FaultInjectRequest__Output>
        FaultInjectResponse: MessageTypeDefinition<_talsim_control_v1_FaultInjectResponse, _talsim_control_v1_FaultInjectResponse__Output>
        FaultListRequest: MessageTypeDefinition<_talsim_control_v1_FaultListRequest, _talsim_control_v1_FaultListRequest__Output>
        FaultListResponse: MessageTypeDefinition<_talsim_control_v1_FaultListResponse, _talsim_control_v1_FaultListResponse__Output>
        NodeStatus: MessageTypeDefinition<_talsim_control_v1_NodeStatus, _talsim_control_v1_NodeStatus__Output>
        StatusRequest: MessageTypeDefinition<_talsim_control_v1_StatusRequest, _talsim_control_v1_StatusRequest__Output>
        StatusResponse: MessageTypeDefinition<_talsim_control_v1_StatusResponse, _talsim_control_v1_StatusResponse__Output>
        TimeControlRequest: MessageTypeDefinition<_talsim_control_v1_TimeControlRequest, _talsim_control_v1_TimeControlRequest__Output>
        TimeControlResponse: MessageTypeDefinition<_talsim_control_v1_TimeControlResponse, _talsim_control_v1_TimeControlResponse__Output>
      }
    }
  }
}

