/// Test-set sections for furniture, doors and windows, floors, tiles and sanitary ware
/// (see `FaultCorpus` for the line format).
extension FaultCorpus {
    // MARK: Furniture

    static let furniture = """
    hardware     | -      | 衣柜门的合页松动，门关不上
    user-damage  | -      | 搬家的时候撞坏了柜子的一角
    installation | -      | 师傅装歪了，柜门合不上
    hardware     | -      | Cabinet door hinge broken, not sure why it leaks underneath
    hardware     | -      | 沙发坐垫塌陷了，坐下去就陷一个坑
    hardware     | -      | 真皮沙发扶手的皮开裂脱皮了，才用了一年
    hardware     | -      | 床一翻身就吱吱响，床板好像松了
    hardware     | -      | 抽屉滑轨坏了，拉出来会掉
    hardware     | -      | 餐桌腿晃得厉害，螺丝拧紧了也没用
    hardware     | -      | 新买的衣柜甲醛味很重，打开柜门熏眼睛
    hardware     | -      | 书桌桌面起泡，表面的贴皮翘起来了
    hardware     | -      | 办公椅气压棒漏气，坐着坐着就往下沉
    hardware     | -      | 柜门下垂，和旁边的门不齐了
    installation | -      | 衣柜需要预约上门组装
    installation | -      | 装的时候没有固定在墙上，柜子有点往前倾
    user-damage  | -      | 猫把布艺沙发抓坏了好几个地方
    user-damage  | -      | 孩子拿水彩笔在沙发上画，洗不掉了
    unknown      | -      | 沙发什么时候能送到？我已经等了两周了
    hardware     | -      | 衣櫃門的鉸鏈鬆動，關門時有異響
    hardware     | -      | 沙發皮面磨損老化，扶手都裂開了
    hardware     | -      | The drawer runner is broken and the drawer keeps falling out
    hardware     | -      | Sofa cushions have sagged badly and the leather is peeling after a year
    hardware     | -      | 衣柜 hinge 松了，门一直 squeaking
    installation | -      | The wardrobe was assembled wrong, the doors don't line up
    """

    // MARK: Doors and windows

    static let doorsWindows = """
    installation | -      | Please install the new sliding door, it was delivered yesterday
    hardware     | -      | 窗户关不严，一刮风就呼呼漏风
    hardware     | -      | 下雨的时候窗框往里渗水
    hardware     | -      | 推拉门推起来很卡，滑轮好像坏了
    hardware     | -      | 门的铰链松动，门往下掉，关门要抬着
    hardware     | -      | 窗户的密封条老化开裂了，隔音也变差
    hardware     | -      | 中空玻璃里面起雾了，擦不掉
    hardware     | -      | 防盗门锁芯坏了，钥匙插进去拧不动
    hardware     | -      | 入户门把手断了
    hardware     | -      | 门框变形，门关上下面有很大的缝
    hardware     | -      | 阳台推拉门轨道磨损，推的时候咯噔咯噔响
    hardware     | hazard | 阳台的钢化玻璃门自爆了，碎了一地
    installation | -      | 窗户装好后和墙之间的缝没有打胶，下雨就漏水
    installation | -      | 门装反了，开门方向和说好的不一样
    user-damage  | -      | 孩子踢球把窗户玻璃打碎了
    user-damage  | -      | 搬家具的时候把门框撞掉了一块漆
    unknown      | -      | 我想换一把门锁，可以上门测量吗
    hardware     | -      | 窗戶關不緊，密封條都硬化了
    hardware     | -      | 推拉門很難推，軌道有異音
    hardware     | -      | The window handle is loose and the sash no longer closes tight
    hardware     | -      | Water comes in around the window frame every time it rains
    hardware     | -      | Sliding door is jammed and the rollers are grinding
    hardware     | -      | 阳台门 seal 老化了，漏风
    hardware     | -      | 纱窗的滑轮掉了，纱窗推不动
    """

    // MARK: Flooring

    static let flooring = """
    hardware     | -      | 实木地板起鼓了，好几块翘起来
    hardware     | -      | 地板踩上去咯吱咯吱响
    hardware     | -      | 地板缝越来越大，都能塞进一张卡片
    hardware     | -      | 强化地板表面磨损，走道那一块都磨白了
    hardware     | -      | 地暖开了以后地板开裂了好几条
    hardware     | -      | 木地板发黑发霉，靠近卫生间那一片
    hardware     | -      | 地板起拱，门都推不开了
    installation | -      | 铺的时候没留伸缩缝，现在整片地板拱起来
    installation | -      | 安装师傅铺的地板高低不平，踩着有落差
    user-damage  | -      | 鱼缸漏了泡了一晚上，地板全泡变形了
    user-damage  | -      | 搬柜子的时候拖着走，地板划出好几道深痕
    hardware     | -      | 地板边上的踢脚线脱落了
    unknown      | -      | 地板的保养需要打蜡吗？用什么打蜡好
    hardware     | -      | 地板有色差，新铺的和样品颜色不一样
    hardware     | -      | 地板踩上去咯吱響，還有幾塊鬆動
    hardware     | -      | 木地板起翹變形，縫隙很大
    hardware     | -      | The laminate floor is cupping and there are gaps between the boards
    hardware     | -      | Floorboards squeak in the hallway and one plank is lifting
    installation | -      | The installers didn't leave an expansion gap and now the floor is buckling
    user-damage  | -      | Our washing machine flooded the room and the wooden floor is warped
    hardware     | -      | 地板 surface 磨损很严重，才一年就 worn out 了
    hardware     | -      | 地板有一块空的，踩下去会往下陷
    """

    // MARK: Tiles

    static let tiles = """
    hardware     | -      | 瓷砖空鼓，踩上去有声音
    installation | -      | The tiles cracked after the installer mounted the shelf
    hardware     | -      | 卫生间墙砖裂了一条缝，从上到下
    hardware     | -      | 客厅的地砖炸裂了，拱起来一大块
    hardware     | -      | 瓷砖表面的釉面磨花了，看着很旧
    hardware     | -      | 砖缝发黑发霉，怎么刷都刷不干净
    hardware     | -      | 墙砖掉了两块，里面的水泥都露出来了
    hardware     | -      | 瓷砖有色差，同一批次颜色深浅不一
    hardware     | -      | 收到的瓷砖好几块缺角、崩边
    hardware     | -      | 地砖返碱，表面一层白色的东西擦不掉
    installation | -      | 贴砖的师傅贴得不平，砖和砖之间高低差很明显
    installation | -      | 美缝没做好，缝里一直渗水
    user-damage  | -      | 锅掉在地上，把厨房地砖砸出一个坑
    user-damage  | -      | 装修工人搬东西把地砖磕破了
    unknown      | -      | 还想再买两箱同款瓷砖，型号还有货吗
    hardware     | -      | 磁磚空鼓，敲起來聲音是空的
    hardware     | -      | 浴室地磚有裂痕，還會滲水到樓下
    hardware     | -      | Several floor tiles sound hollow and one has a hairline crack
    hardware     | -      | The glaze is wearing off the kitchen tiles near the sink
    installation | -      | The grout was applied badly and water seeps behind the shower tiles
    hardware     | -      | 瓷砖 surface 有裂纹，grout 发霉了
    user-damage  | -      | I dropped a cast iron pan and chipped two floor tiles
    """

    // MARK: Sanitary ware

    static let sanitaryWare = """
    hardware     | -      | 马桶水箱一直漏水，冲完水停不下来
    hardware     | -      | 不锈钢水槽下面的管子堵塞了
    hardware     | -      | 买了不久就漏水，底部一直渗水
    hardware     | hazard | 浴室柜的镜子自爆了，玻璃碎了一地
    hardware     | -      | 马桶冲不干净，冲完还有残留
    hardware     | -      | 卫生间地漏返臭，一股下水道的味道
    hardware     | -      | 洗手盆下水很慢，水积在盆里半天下不去
    hardware     | -      | 水龙头关紧了还一直滴水
    hardware     | -      | 花洒出水很小，水压不够
    hardware     | -      | 智能马桶座圈不加热，冬天坐上去很冰
    hardware     | -      | 马桶盖板松动，坐上去左右晃
    hardware     | -      | 淋浴房的滑轮坏了，门推不动
    hardware     | hazard | 淋浴房玻璃突然炸了，幸好没人在里面
    hardware     | hazard | 智能马桶漏电，碰到按键手麻
    software     | -      | 智能马桶的遥控器配对后，冲水程序乱了，自己一直冲水
    installation | -      | 马桶安装的时候没打胶，底座一直晃
    installation | -      | 浴室柜装好后台面不平，水往墙那边流
    user-damage  | -      | 孩子站在马桶盖上，把盖板踩裂了
    user-damage  | -      | 不小心把香水瓶掉进洗手盆，盆砸出一道裂缝
    unknown      | -      | 马桶的保修卡丢了，还能保修吗
    hardware     | -      | 馬桶一直漏水，水箱配件好像老化了
    hardware     | -      | 水龍頭鬆動，出水還會噴到外面
    hardware     | -      | The toilet keeps running and the flush button is stuck
    hardware     | -      | Shower drain is clogged and there's a sewage smell in the bathroom
    hardware     | -      | 花洒 leaking，接口那里一直 drip
    """
}
