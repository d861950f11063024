/// Test-set sections for the large appliances (see `FaultCorpus` for the line format).
extension FaultCorpus {
    // MARK: Refrigerator

    static let refrigerator = """
    hardware     | -      | 冰箱不制冷了，冷藏室温度很高
    hardware     | -      | 冰箱门漏气，密封条变形了
    hardware     | -      | 冰箱不制冷，没有漏电，也没有冒烟
    hardware     | -      | The fridge is not cooling and the compressor makes a loud noise
    hardware     | -      | 冰箱门封条老化了，关上门还有缝，冷气往外跑
    hardware     | -      | 冷冻室结了厚厚一层冰，抽屉都拉不出来
    hardware     | -      | 冰箱晚上嗡嗡响，声音越来越大，吵得睡不着
    hardware     | -      | 冷藏室里面有积水，蔬菜盒底下全是水
    hardware     | -      | 冰箱里有一股怪味，清洗过了还是臭
    hardware     | -      | 压缩机频繁启动，咔哒一声停一下又开
    hardware     | -      | 冰箱门关不严，一松手就自己弹开
    hardware     | -      | 冰箱显示屏不亮了，温度也调不了
    hardware     | -      | 制冰机不出冰块，已经一个星期了
    hardware     | hazard | 冰箱后面冒烟，有烧焦的味道，已经拔掉插头了
    hardware     | hazard | 冰箱外壳漏电，摸一下手发麻
    software     | -      | 冰箱屏幕系统升级后一直重启，温度设置也丢失了
    network      | -      | 冰箱的App显示设备离线，重新配网也连不上WiFi
    user-damage  | -      | 搬家时冰箱被磕了一下，门凹进去一块，现在关不紧
    installation | -      | 新买的冰箱放不平，师傅安装的时候没调平，一开门就晃
    unknown      | -      | 冰箱保修期是多久？发票丢了还能保修吗
    hardware     | -      | 冰箱冷藏不冷，冷冻正常，温度一直在12度左右
    hardware     | -      | 雪櫃唔夠凍，啲嘢放入去都會變壞
    hardware     | -      | 冰箱門封條發黴了，還有點脫落
    hardware     | -      | 冰箱冷凍室不結冰，溫度顯示零下但是東西都化了
    hardware     | -      | Fridge door seal is worn and there's frost building up in the freezer
    hardware     | -      | Water pooling under the crisper drawers, the drain hole seems blocked
    hardware     | -      | The fridge light doesn't come on and it's making a clicking sound every few minutes
    network      | -      | 冰箱 WiFi 模块 offline，App 控制不了
    hardware     | -      | 冰箱 compressor 一直在响，not cold at all
    """

    // MARK: Washing machine

    static let washingMachine = """
    hardware     | -      | 洗衣机脱水的时候异响很大，像是有东西在撞
    hardware     | -      | 洗衣机不进水，显示E1
    hardware     | -      | Washing machine leaking water from the bottom during the spin cycle
    hardware     | -      | 沒有漏電，只是洗衣機脫水時噪音很大
    hardware     | hazard | 洗衣机电机烧焦了，闻到糊味
    hardware     | hazard | The washing machine fired up and then caught fire
    hardware     | -      | 洗衣机不排水，洗完桶里全是水
    hardware     | -      | 滚筒洗衣机门封圈破了一个口子，一洗衣服就漏水
    hardware     | -      | 脱水的时候整台机器跳来跳去，震动特别厉害
    hardware     | -      | 洗完衣服门打不开，门锁一直锁着
    hardware     | -      | 洗衣机里面一股霉味，衣服洗完也有臭味
    hardware     | -      | 洗衣机显示E21，排水泵嗡嗡响就是不出水
    hardware     | -      | 波轮不转了，电机有声音但是不动
    hardware     | hazard | 洗衣机插头发烫冒烟了，吓得我赶紧拔了
    software     | -      | 洗衣机程序乱了，按哪个键都是同一个模式
    network      | -      | 洗衣机连不上家里的wifi，手机app找不到设备
    installation | -      | 新洗衣机运输螺栓没拆就开机了，响得很厉害，是送货师傅没拆
    installation | -      | 排水管没接好，一排水地上就全是水
    user-damage  | -      | 洗衣服的时候忘了掏口袋，硬币卡在滚筒里，现在有异响
    unknown      | -      | 洗衣机要怎么清洗滚筒？想预约一次保养
    hardware     | -      | 洗衣機不脫水，衣服拿出來都是濕的
    hardware     | -      | 洗衣機的門封條老化破損，滲水
    hardware     | -      | The washer won't drain and the clothes come out soaking wet
    hardware     | -      | Front loader door seal is worn out and smells of mildew
    hardware     | -      | 洗衣机 spin 的时候 shaking 很厉害，还有 banging noise
    user-damage  | -      | My kid climbed on the washing machine and cracked the top lid
    """

    // MARK: Kitchen appliances

    static let kitchenAppliance = """
    hardware     | -      | 燃气灶打不着火，点了好几次都不行
    hardware     | -      | 洗碗机 leaking，地板都泡了
    hardware     | -      | No smoke, no sparks, but the oven is not heating
    hardware     | hazard | 厨房里有很重的燃气味，怀疑燃气灶漏气
    hardware     | -      | 洗碗机洗完碗底下还有一层水，排不出去
    hardware     | -      | 电饭煲不加热了，按了煮饭键没反应
    hardware     | -      | 微波炉转盘不转，加热也不均匀
    hardware     | hazard | 微波炉里面打火，噼里啪啦的还有火花
    hardware     | -      | 燃气灶火力很小，右边灶头点着了一会儿就熄火
    hardware     | -      | 净水器出水越来越慢，滤芯才换了两个月
    hardware     | -      | 电磁炉一直报E3，用不了
    hardware     | -      | 烤箱门的玻璃铰链松了，门关不上
    hardware     | -      | 破壁机噪音很大，刀头磨损得厉害
    software     | -      | 蒸烤箱的屏幕死机了，按什么都没反应，只能拔电
    network      | -      | 洗碗机配网失败，App一直提示连接超时
    installation | -      | 洗碗机需要上门安装，橱柜已经开好孔了
    user-damage  | -      | 不小心把电饭煲内胆摔了，涂层掉了一块
    unknown      | -      | 我想问一下燃气灶的上门费怎么收
    hardware     | hazard | 電磁爐有燒焦味，還冒了一點煙
    hardware     | -      | 洗碗機不排水，水一直積在底部
    hardware     | -      | The dishwasher leaves standing water at the bottom and smells bad
    hardware     | hazard | I can smell gas near the hob even when it's switched off
    user-damage  | -      | I accidentally put a metal bowl in the microwave and now it won't heat
    hardware     | -      | 电饭煲 display 显示 E1，饭煮不熟
    """

    // MARK: Air conditioner

    static let airConditioner = """
    hardware     | -      | 空调外机噪音特别大，晚上睡不着
    hardware     | -      | 空调不冒烟，就是不出冷风
    hardware     | -      | 冷氣不製冷，還有異響
    hardware     | -      | 没有闻到焦味，只是空调不制冷
    hardware     | -      | There was no sign of smoke but the AC stopped working
    installation | -      | 空调安装后外机一直在漏水
    hardware     | hazard | 空调插头冒烟，还有焦味
    network      | -      | 空调不制冷，remote app显示offline
    hardware     | -      | 空调内机滴水，墙上都湿了一大片
    hardware     | -      | 空调开了半小时还是不凉，出风口吹的是自然风
    hardware     | -      | 空调制热效果很差，开到30度屋里还是冷
    hardware     | -      | 空调一开就有一股霉味，像是很久没洗
    hardware     | -      | 遥控器按了空调没反应，换了电池也不行
    hardware     | -      | 空调显示F0，开几分钟就自动停机
    hardware     | -      | 外机支架生锈了，转起来整个在晃
    installation | -      | 想把空调从卧室移到客厅，需要移机
    installation | -      | 安装师傅打孔位置不对，排水管往上走，水排不出去
    user-damage  | -      | 装修的时候工人把空调内机面板砸裂了
    software     | -      | 空调升级固件后定时功能失效，每天半夜自己开机
    hardware     | -      | 冷氣機滴水很嚴重，出風口還有怪聲
    hardware     | -      | The air conditioner blows warm air and the outdoor unit is vibrating a lot
    hardware     | hazard | Burning smell from the AC unit and the breaker tripped twice
    unknown      | -      | 空调加氟多少钱？
    hardware     | -      | 空调 E1 error，不制热
    """

    // MARK: Water heater

    static let waterHeater = """
    hardware     | -      | 热水器下面一直在滴水，地上都湿了
    hardware     | hazard | 热水器漏电，洗澡的时候被电了一下
    hardware     | -      | 未发现漏电现象，热水器不加热
    installation | -      | 热水器需要上门安装，预约周六
    hardware     | hazard | 熱水器漏電，洗澡時觸電了
    hardware     | hazard | I got an electric shock when touching the water heater
    hardware     | hazard | I can smell gas near the water heater
    hardware     | hazard | 热水器有burning smell，请尽快处理
    hardware     | -      | 热水器水温忽冷忽热，洗着洗着就变凉水
    hardware     | -      | 燃气热水器点不着火，一直咔咔咔打火
    hardware     | -      | 热水器加热特别慢，烧一箱水要三个多小时
    hardware     | -      | 安全阀一直往外滴水，是不是坏了
    hardware     | -      | 热水器显示E4，洗到一半熄火
    hardware     | -      | 热水器内胆漏水了，下面的水一直滴
    hardware     | hazard | 热水器排烟管有一股很浓的燃气味，头晕
    software     | -      | 热水器更新后预约加热功能没了，设置好的时间也丢了
    network      | -      | 热水器App一直显示离线，远程控制不了
    user-damage  | -      | 冬天没放水，热水器冻裂了
    installation | -      | 热水器挂墙的膨胀螺丝松了，师傅装的时候没固定好
    hardware     | -      | 熱水器出水不熱，溫度調到最高也只有溫水
    hardware     | -      | The water heater takes forever to heat up and the water is only lukewarm
    unknown      | -      | 热水器的镁棒多久需要换一次？
    hardware     | -      | 热水器有很大的嗡嗡声，还一直跳闸
    """

    // MARK: Range hood

    static let rangeHood = """
    hardware     | -      | 油烟机吸力弱，做饭的时候满屋子油烟
    hardware     | hazard | Smoke came out of the range hood and there is a burning smell
    hardware     | -      | 油烟机 rattling noise，而且不排烟
    hardware     | -      | 油烟机开最大档也吸不走油烟
    hardware     | -      | 抽油烟机滴油，灶台上全是油点
    hardware     | -      | 油烟机风机声音特别大，还有咔咔的异响
    hardware     | -      | 油烟机的灯不亮，按键也失灵了
    hardware     | -      | 烟道里的止回阀卡住了，油烟倒灌进来
    hardware     | -      | 挥手控制不灵敏，要挥好几次才有反应
    hardware     | -      | 油烟机开的时候整个机身都在震动
    installation | -      | 油烟机装歪了，左边比右边低一截
    installation | -      | 烟管没接好，油烟从吊顶缝里冒出来
    software     | -      | 油烟机自动清洗程序一直报错，屏幕乱码
    network      | -      | 油烟机和燃气灶的烟灶联动连不上了
    user-damage  | -      | 自己拆下来清洗，装回去以后就不转了
    unknown      | -      | 请问油烟机可以上门清洗吗，多少钱一次
    hardware     | hazard | 油煙機電機有燒焦味，還冒煙
    hardware     | -      | 抽油煙機吸力很弱，噪音又大
    hardware     | -      | The range hood fan barely pulls any smoke out when I'm cooking
    hardware     | -      | Hood light is flickering and the grease filter housing is loose
    hardware     | -      | 油烟机 motor 一直嗡嗡响，吸力也变小了
    hardware     | hazard | 油烟机的插座冒火花，啪的一声跳闸了
    """
}
