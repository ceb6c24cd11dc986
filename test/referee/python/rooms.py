"""Room lists (GetRoomLists), then the rooms of the first one (GetRooms)."""
from referee import account, run


def scenario():
    acc = account()
    lists = [room_list.email_address for room_list in acc.protocol.get_roomlists()]
    rooms = [[room.name, room.email_address] for room in acc.protocol.get_rooms(lists[0])] if lists else []
    return {"roomLists": lists, "rooms": rooms}


run(scenario)
